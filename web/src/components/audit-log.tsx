import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { AuditEntry } from '../api/types.js';
import { formatDateTime } from '../i18n/format.js';
import { useLoad } from '../use-load.js';
import { RecordMarking, usePageLabels } from './classification-banner.js';
import { LoadError } from './load-error.js';
import { RecordTable } from './record-table.js';
import { ScrollRegion } from './scroll-region.js';

/** The audit log for security officers, read a page at a time, each entry with its marking. */
export function AuditLog() {
  const { t } = useTranslation();
  // Pages by the cursor they were read from, so that reading one twice shows it once.
  const [pages, setPages] = useState<Map<string, AuditEntry[]>>(new Map());
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const loaded = useLoad(async () => {
    const page = await api.audit(cursor);
    setPages((p) => new Map(p).set(cursor ?? '', page.items));
    return page;
  }, [cursor]);
  const entries = [...pages.values()].flat();
  // The page is marked as the most sensitive entry it lists; a name no party knows marks nothing.
  const owned = entries.flatMap((e) => (e.ownerParty === null ? [] : [{ ...e, ownerParty: e.ownerParty }]));
  usePageLabels(owned);
  return (
    <section className="card" aria-labelledby="audit-heading">
      <h2 id="audit-heading">{t('admin.audit')}</h2>
      {loaded.state === 'failed' && <LoadError error={loaded.error} />}
      <ScrollRegion className="table-scroll audit-scroll" label={t('admin.audit')}>
        <RecordTable
          className="mini-table"
          records={entries}
          keyOf={(e) => e.seq}
          columns={[
            { head: t('admin.auditSeq'), cell: (e) => e.seq },
            {
              head: t('admin.auditMarking'),
              cell: (e) =>
                e.ownerParty === null ? (
                  <abbr className="record-marking portion level-UNCLASSIFIED" title={t(`classification.${e.classification}`)}>
                    ({t(`classificationShort.${e.classification}`)})
                  </abbr>
                ) : (
                  <RecordMarking label={{ ...e, ownerParty: e.ownerParty }} compact />
                ),
            },
            { head: t('admin.auditAt'), cell: (e) => formatDateTime(e.at) },
            { head: t('admin.auditParty'), cell: (e) => e.actorParty ?? t('common.none') },
            { head: t('admin.auditAction'), cell: (e) => e.action, dir: 'ltr' },
            { head: t('admin.auditEntity'), cell: (e) => e.entityType, dir: 'ltr' },
          ]}
        />
      </ScrollRegion>
      {loaded.state === 'ready' && loaded.data.nextCursor && (
        <button type="button" className="button ghost" onClick={() => setCursor(loaded.data.nextCursor ?? undefined)}>
          {t('admin.more')}
        </button>
      )}
    </section>
  );
}
