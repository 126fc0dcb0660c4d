import type { TFunction } from 'i18next';
import { agendaTitleMessage } from '../../../src/domain/agenda.js';
import type { AgendaItem } from '../api/types.js';
import { formatDate } from '../i18n/format.js';

/**
 * An agenda item's title in the reader's language: a carried-forward item's
 * sentence is built from its facts, the free text kept as typed inside a
 * directional isolate so that French in a Hebrew sentence (or the reverse)
 * stays in its own direction.
 */
export function agendaTitleText(t: TFunction, item: Pick<AgendaItem, 'title' | 'reference'>): string {
  const message = agendaTitleMessage({ ...item, title: `\u2068${item.title}\u2069` }, formatDate);
  if (!message) return item.title;
  // A reference code reads left to right whatever the sentence around it.
  const { refCode } = message.values;
  return t(message.key, refCode === undefined ? message.values : { ...message.values, refCode: `\u2066${refCode}\u2069` });
}
