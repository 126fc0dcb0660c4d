import type { ReactNode } from 'react';
import type { LocalizedText } from '../../../src/domain/common.schema.js';
import { localized } from '../i18n/format.js';

/*
 * Text that a user wrote or the system made (a title, a name, a place, a
 * reference code) kept in a directional isolate: on an Arabic or Hebrew page
 * "2026-DOC-01" stays "2026-DOC-01" and a French sentence keeps its full stop
 * at its end, and neither pulls the words around it. Each isolate takes the
 * direction of its own first strong letter (`dir="auto"`), so that, given the
 * class `clip`, it also cuts itself at its own logical end.
 */

/** A value in an isolate of its own, in the direction of its first strong letter. */
export function Bidi({ children, className, lang }: { children: ReactNode; className?: string; lang?: string }) {
  return (
    <bdi dir="auto" className={className} lang={lang}>
      {children}
    </bdi>
  );
}

/** A text written in several languages, in the reader's when written in it, marked with the language it is in. */
export function Localized({ text, className }: { text: LocalizedText | Record<string, string>; className?: string }) {
  const t = localized(text);
  return (
    <Bidi className={className} lang={t.lang}>
      {t.text}
    </Bidi>
  );
}

/** A code (reference, party, hash), always written left to right whatever it holds. */
export function Code({ children, className = 'ref' }: { children: ReactNode; className?: string }) {
  return (
    <bdi dir="ltr" className={className}>
      {children}
    </bdi>
  );
}

/** A value inside a translated sentence, in isolate characters (first strong isolate), for strings that cannot hold elements. */
export const isolate = (s: string | number) => `\u2068${s}\u2069`;
/** A code inside a translated sentence: a left-to-right isolate. */
export const isolateLtr = (s: string) => `\u2066${s}\u2069`;
