import { readFileSync } from 'node:fs';
import { DOCUMENT_LANGUAGES, type DocumentLanguage } from '../domain/document.model.js';
import { offerCodeText, offerPlace } from '../domain/evaluation/offer-code.js';

/**
 * The evaluation's neutral offer codes ("O2") in the words of each document
 * language ("Offre 2", "العرض 2"), from the documents' own catalogues: what
 * the report and the scores workbook print, and what a workbook read back may
 * carry in its headings, in whichever language it was written.
 */
const WORDS: Record<DocumentLanguage, string> = Object.fromEntries(
  DOCUMENT_LANGUAGES.map((lang) => {
    const catalogue = JSON.parse(readFileSync(new URL(`./i18n/${lang}.json`, import.meta.url), 'utf8')) as {
      evaluation: { offerCode: string };
    };
    return [lang, catalogue.evaluation.offerCode];
  }),
) as Record<DocumentLanguage, string>;

/** The offer's code in the words of `lang`; without a language, the code itself. A name that is no code stays as it is. */
export function offerNameIn(code: string, lang: DocumentLanguage | undefined): string {
  const words = lang && WORDS[lang];
  return words ? offerCodeText(code, (n) => words.replace('{{n}}', String(n))) : code;
}

/** Whether a heading names the offer of this code: the code itself, or its words in any document language. */
export function headingNames(heading: string, code: string): boolean {
  const h = heading.trim();
  if (h === code) return true;
  return offerPlace(code) !== null && DOCUMENT_LANGUAGES.some((lang) => offerNameIn(code, lang) === h);
}
