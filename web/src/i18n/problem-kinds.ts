/**
 * What the web app's build puts in place of src/domain/problem-catalogue.ts
 * (web/vite.config.ts): the shared domain code raises problems by code, and
 * the web words them from its own translations (web/src/i18n/problems/*.json),
 * never from the catalogue's English texts, which it therefore does not ship.
 * A problem raised in the browser keeps its code; its text is the code itself.
 */
import type { PROBLEMS as Catalogue } from '../../../src/domain/problem-catalogue.js';

const entry = (code: string | symbol) => ({ kind: 'invalid' as const, text: String(code) });

export const PROBLEMS = new Proxy({} as typeof Catalogue, {
  get: (_table, code) => entry(code),
  has: () => true,
  getOwnPropertyDescriptor: (_table, code) => ({ value: entry(code), enumerable: true, configurable: true }),
});
