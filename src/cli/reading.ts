import type { Command } from 'commander';
import { printTable, UsageError } from './runtime.js';

// What the commands that answer as a user reads (lists and records of programmes and projects) share:
// who reads and where, the language of the titles, and lists read page after page.

/** The languages a record's title may be shown in. */
export const LANGUAGES = ['fr', 'en', 'ar', 'he'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A title in `lang`, else in the first language it has. */
export const titleIn = (title: Partial<Record<Language, string>>, lang: Language) =>
  title[lang] ?? LANGUAGES.map((l) => title[l]).find(Boolean) ?? '';

/** The options of every such command. */
export type ReaderOpts = { as?: string; json?: boolean; db?: string };

/** Adds the options of every such command: the user the answer is for, and the database. */
export const readerOptions = (c: Command) =>
  c
    .option('--as <username>', 'user the answer is for (default: JOINTPLAN_USER)')
    .option('--db <path>', 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)');

/** The option --lang, the language of the titles shown. */
export const LANGUAGE_OPTION = ['--lang <lang>', `language of the titles: ${LANGUAGES.join(', ')}`, 'fr'] as const;

/** The language --lang names. */
export function languageOf(opts: { lang: string }): Language {
  const lang = LANGUAGES.find((l) => l === opts.lang);
  if (!lang) throw new UsageError(`--lang takes one of ${LANGUAGES.join(', ')}`);
  return lang;
}

/** Every item of a list the use case answers a page at a time, 500 a page. */
export async function allPages<T>(
  page: (at: { cursor: string | undefined; limit: number }) => Promise<{ items: T[]; nextCursor: string | null }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page({ cursor, limit: 500 });
    items.push(...next.items);
    cursor = next.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** Prints the items as JSON (--json) or as a table of a row each, or `none` when there is none. */
export function printList<T>(opts: { json?: boolean }, items: T[], none: string, header: string[], row: (item: T) => string[]) {
  if (opts.json) console.log(JSON.stringify(items, null, 2));
  else if (!items.length) console.log(none);
  else printTable(header, items.map(row));
}
