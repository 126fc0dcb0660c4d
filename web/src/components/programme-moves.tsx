import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PROGRAMME_TRANSITIONS, type ProgrammeStatus } from '../../../src/domain/programme.lifecycle.js';
import { programmeMoveSchema } from '../../../src/domain/programme.schema.js';
import { api } from '../api/client.js';
import type { Programme } from '../api/types.js';
import { Field } from './field.js';
import { useProgrammeWrite, WriteFeedback } from './programme-form.js';
import { offerName } from './programme-offers.js';

/**
 * Moves the programme along its lifecycle: the next statuses the domain
 * allows from where it stands; selecting names a live offer, cancelling needs
 * a reason. What the API refuses (no offer yet to evaluate, no contract yet)
 * is said in the reader's language beside the field it is about.
 */
export function ProgrammeMoves({
  programme,
  onChanged,
  reload,
}: {
  programme: Programme;
  onChanged: (p: Programme) => void;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const next = PROGRAMME_TRANSITIONS[programme.status];
  const live = programme.offers.filter((o) => !o.withdrawnAt);
  const [to, setTo] = useState<ProgrammeStatus | ''>('');
  const [offerId, setOfferId] = useState('');
  const [reason, setReason] = useState('');
  const target = to && next.includes(to) ? to : next[0];
  const chosenOffer = live.some((o) => o.id === offerId) ? offerId : (live[0]?.id ?? '');
  const input = {
    to: target,
    reason: reason.trim() || undefined,
    offerId: target === 'selected' ? chosenOffer || undefined : undefined,
    version: programme.version,
  };
  const write = useProgrammeWrite(programme, programmeMoveSchema, input, onChanged, reload);
  if (!target) return null;

  function submit(e: FormEvent) {
    e.preventDefault();
    write.send((body) => api.moveProgramme(programme.id, { ...body, to: target as ProgrammeStatus }), {
      after: () => setReason(''),
    });
  }

  return (
    <form className="card form programme-moves" onSubmit={submit} noValidate aria-labelledby="programme-moves-heading">
      <h2 id="programme-moves-heading">{t('programmes.moves.title')}</h2>
      <WriteFeedback failure={write.failure} notice={null} />
      <div className="field-row">
        <Field label={t('programmes.moves.to')} errors={write.field('to')}>
          {(p) => (
            <select {...p} value={target} onChange={(e) => setTo(e.target.value as ProgrammeStatus)}>
              {next.map((s) => (
                <option key={s} value={s}>
                  {t(`programmes.moveTo.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {target === 'selected' && (
          <Field label={t('programmes.moves.offer')} errors={write.field('offerId')}>
            {(p) => (
              <select {...p} value={chosenOffer} onChange={(e) => setOfferId(e.target.value)}>
                {live.map((o) => (
                  <option key={o.id} value={o.id}>
                    {offerName(o)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      <Field
        label={target === 'cancelled' ? t('programmes.moves.reasonRequired') : t('programmes.moves.reason')}
        errors={write.field('reason')}
      >
        {(p) => <textarea {...p} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" className={`button ${target === 'cancelled' ? 'danger' : 'primary'}`}>
          {t(`programmes.moveTo.${target}`)}
        </button>
      </div>
    </form>
  );
}
