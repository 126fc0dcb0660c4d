import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  basisPointsToPercent,
  FULL_SHARE,
  PARTNER_ROLES,
  type PartnerRole,
  partnersPutSchema,
  percentToBasisPoints,
} from '../../../src/domain/industrial-project.schema.js';
import { industryApi } from '../api/industry.js';
import type { Party } from '../api/types.js';
import { localized } from '../i18n/format.js';
import { ChoiceSelect } from './choice-select.js';
import { Field } from './field.js';
import { percentOf } from './industrial-project-form.js';
import { ProjectPartForm } from './industrial-project-parts-forms.js';
import { formatPercentOf, useRoleText } from './industrial-project-texts.js';
import { type ProjectFormProps, useProjectWrite } from './industrial-project-write.js';
import { PartyField } from './party-field.js';

interface Row {
  /** Names the row in the form; a kept partner's is its id. */
  key: string;
  id?: string;
  name: string;
  party: string;
  role: PartnerRole;
  share: string;
}

/** The sum of the shares as typed, in basis points; undefined while one of them is not a percentage. */
function sumOf(rows: readonly Row[]): number | undefined {
  let sum = 0;
  for (const r of rows) {
    const bp = percentToBasisPoints(percentOf(r.share));
    if (bp === undefined) return undefined;
    sum += bp;
  }
  return sum;
}

/**
 * The partners of a project with their roles and cost shares, set as one
 * list with the version read: a partner is added (a party, its name, its
 * role), its share changed (a percentage with two decimals) or taken off (it
 * leaves, keeping its commitments). The running sum of the shares shows as
 * they are typed, and the list is not sent unless they add up to 100 percent.
 */
export function IndustrialProjectPartnersForm({
  project,
  parties,
  onChanged,
  reload,
  onClose,
}: ProjectFormProps & { parties: readonly Party[] }) {
  const { t } = useTranslation();
  const roleText = useRoleText();
  const [rows, setRows] = useState<Row[]>(() =>
    project.partners.map((p) => ({ key: p.id, id: p.id, name: p.name, party: p.party, role: p.role, share: p.share })),
  );
  const [added, setAdded] = useState(0);
  const input = {
    partners: rows.map((r) => ({ id: r.id, name: r.name, party: r.party, role: r.role, share: percentOf(r.share) })),
  };
  const write = useProjectWrite({ project, onChanged, reload, onClose }, partnersPutSchema, input);
  const sum = sumOf(rows);
  const sumText = sum === undefined ? '—' : formatPercentOf(basisPointsToPercent(sum));
  const change = (key: string, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const nameOf = (code: string) => {
    const party = parties.find((p) => p.code === code);
    return party ? localized(party.name).text : code;
  };

  function add() {
    const party = parties[0]?.code ?? '';
    setRows((rs) => [...rs, { key: `new-${added}`, name: nameOf(party), party, role: 'local_partner', share: '0' }]);
    setAdded((n) => n + 1);
  }

  function submit() {
    // Refused here, before sending, while the shares do not add up to 100 percent.
    if (sum !== FULL_SHARE)
      return write.setFailure(t('industry.partnersForm.sumWrong', { sum: sumText, full: formatPercentOf(100) }));
    write.save((body) => industryApi.putPartners(project.id, body));
  }

  return (
    <ProjectPartForm
      part="partners"
      heading={t('industry.partnersForm.heading')}
      write={write}
      onSubmit={submit}
      save={t('industry.partnersForm.save')}
      onClose={onClose}
      explain={<p className="muted">{t('industry.partnersForm.explain', { full: formatPercentOf(100) })}</p>}
    >
      {write.field('partners').length > 0 && <p className="field-error">{write.field('partners').join(' · ')}</p>}
      {rows.map((r, i) => (
        <fieldset key={r.key} className="field-group industry-partner-row">
          <legend>{t('industry.partnersForm.legend', { n: i + 1 })}</legend>
          <div className="field-row">
            {r.id ? (
              <Field label={t('industry.partnersForm.party')}>
                {(p) => (
                  <output {...p} className="party-tag">
                    {r.party}
                  </output>
                )}
              </Field>
            ) : (
              <PartyField
                label={t('industry.partnersForm.party')}
                value={r.party}
                parties={parties.map((p) => p.code)}
                onChange={(party) => change(r.key, { party, name: r.name === nameOf(r.party) ? nameOf(party) : r.name })}
                errors={write.field(`partners.${i}.party`)}
              />
            )}
            <Field label={t('industry.partnersForm.name')} errors={write.field(`partners.${i}.name`)}>
              {(p) => <input {...p} dir="auto" value={r.name} onChange={(e) => change(r.key, { name: e.target.value })} />}
            </Field>
            <Field label={t('industry.role.title')} errors={write.field(`partners.${i}.role`)}>
              {(p) => (
                <ChoiceSelect
                  {...p}
                  choices={PARTNER_ROLES}
                  text={roleText}
                  value={r.role}
                  onChange={(role) => change(r.key, { role })}
                />
              )}
            </Field>
            <Field label={t('industry.partnersForm.share')} errors={write.field(`partners.${i}.share`)}>
              {(p) => (
                <input
                  {...p}
                  className="share-input"
                  dir="ltr"
                  inputMode="decimal"
                  value={r.share}
                  onChange={(e) => change(r.key, { share: e.target.value })}
                />
              )}
            </Field>
          </div>
          <button type="button" className="button ghost small" onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
            {t('industry.partnersForm.remove', { name: r.name || r.party })}
          </button>
        </fieldset>
      ))}
      <p className={sum === FULL_SHARE ? 'share-sum' : 'share-sum field-error'} role="status">
        {t('industry.partnersForm.sum', { sum: sumText })}
      </p>
      <button type="button" className="button ghost small" onClick={add}>
        {t('industry.partnersForm.add')}
      </button>
    </ProjectPartForm>
  );
}
