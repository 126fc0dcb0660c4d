import { useTranslation } from 'react-i18next';
import type { CommissionSession } from '../api/types.js';
import { Field } from './field.js';
import { PartyField } from './party-field.js';

type Member = CommissionSession['delegations'][number];

/** A delegation member as typed: optional texts are empty strings until sent. */
export interface MemberDraft {
  party: string;
  name: string;
  title: string;
  function: string;
  organisation: string;
}

/** What a session record holds besides its number and label, as a form edits it. */
export interface SessionFieldsDraft {
  startDate: string;
  endDate: string;
  place: string;
  hostParty: string;
  delegations: MemberDraft[];
}

export const memberDraftOf = (d: Member): MemberDraft => ({
  party: d.party,
  name: d.name,
  title: d.title ?? '',
  function: d.function ?? '',
  organisation: d.organisation ?? '',
});

/** A member as the API takes it: optional texts left out when empty. */
export const memberOf = (d: MemberDraft): Member => ({
  party: d.party,
  name: d.name.trim(),
  ...(d.title.trim() ? { title: d.title.trim() } : {}),
  ...(d.function.trim() ? { function: d.function.trim() } : {}),
  ...(d.organisation.trim() ? { organisation: d.organisation.trim() } : {}),
});

/**
 * The dates, place, host and delegation members of a session, shared by the
 * forms that record a session and that correct one. Errors are looked up by
 * the API's field paths (`delegations.0.name`).
 */
export function SessionFields({
  draft,
  parties,
  onEdit,
  errors,
}: {
  draft: SessionFieldsDraft;
  parties: readonly string[];
  onEdit: (patch: Partial<SessionFieldsDraft>) => void;
  errors: (path: string) => string[];
}) {
  const { t } = useTranslation();
  const editMember = (i: number, patch: Partial<MemberDraft>) =>
    onEdit({ delegations: draft.delegations.map((m, j) => (j === i ? { ...m, ...patch } : m)) });
  const field = errors;
  return (
    <>
      <div className="field-row">
        <Field label={t('sessionEdit.startDate')} errors={field('startDate')}>
          {(p) => <input {...p} type="date" value={draft.startDate} onChange={(e) => onEdit({ startDate: e.target.value })} />}
        </Field>
        <Field label={t('sessionEdit.endDate')} errors={field('endDate')}>
          {(p) => <input {...p} type="date" value={draft.endDate} onChange={(e) => onEdit({ endDate: e.target.value })} />}
        </Field>
      </div>
      <div className="field-row">
        <Field label={t('sessionEdit.place')} errors={field('place')}>
          {(p) => <input {...p} value={draft.place} dir="auto" onChange={(e) => onEdit({ place: e.target.value })} />}
        </Field>
        <PartyField
          label={t('sessionEdit.host')}
          value={draft.hostParty}
          onChange={(hostParty) => onEdit({ hostParty })}
          parties={parties}
          errors={field('hostParty')}
        />
      </div>
      <fieldset className="field-group delegation-members">
        <legend>{t('sessionEdit.delegations')}</legend>
        {draft.delegations.map((m, i) => (
          // Members have no id of their own: their place in the list is what the API's errors name.
          // biome-ignore lint/suspicious/noArrayIndexKey: members are only added at the end or removed, never reordered, and every field is controlled by the draft.
          <fieldset key={i} className="field-group delegation-member">
            <legend>{t('sessionEdit.member', { n: i + 1 })}</legend>
            <div className="field-row">
              <PartyField
                label={t('sessionEdit.party')}
                value={m.party}
                onChange={(party) => editMember(i, { party })}
                parties={parties}
                errors={field(`delegations.${i}.party`)}
              />
              <Field label={t('sessionEdit.name')} errors={field(`delegations.${i}.name`)}>
                {(p) => <input {...p} value={m.name} dir="auto" onChange={(e) => editMember(i, { name: e.target.value })} />}
              </Field>
              <Field label={t('sessionEdit.rank')} errors={field(`delegations.${i}.title`)}>
                {(p) => <input {...p} value={m.title} dir="auto" onChange={(e) => editMember(i, { title: e.target.value })} />}
              </Field>
            </div>
            <div className="field-row">
              <Field label={t('sessionEdit.function')} errors={field(`delegations.${i}.function`)}>
                {(p) => (
                  <input {...p} value={m.function} dir="auto" onChange={(e) => editMember(i, { function: e.target.value })} />
                )}
              </Field>
              <Field label={t('sessionEdit.organisation')} errors={field(`delegations.${i}.organisation`)}>
                {(p) => (
                  <input
                    {...p}
                    value={m.organisation}
                    dir="auto"
                    onChange={(e) => editMember(i, { organisation: e.target.value })}
                  />
                )}
              </Field>
            </div>
            <button
              type="button"
              className="button ghost small"
              onClick={() => onEdit({ delegations: draft.delegations.filter((_, j) => j !== i) })}
            >
              {t('sessionEdit.removeMember', { n: i + 1 })}
            </button>
          </fieldset>
        ))}
        {field('delegations').length > 0 && draft.delegations.length === 0 && (
          <p className="field-error">{field('delegations').join(' · ')}</p>
        )}
        <button
          type="button"
          className="button ghost"
          onClick={() =>
            onEdit({
              delegations: [
                ...draft.delegations,
                { party: parties[0] ?? '', name: '', title: '', function: '', organisation: '' },
              ],
            })
          }
        >
          {t('sessionEdit.addMember')}
        </button>
      </fieldset>
    </>
  );
}
