import { useTranslation } from 'react-i18next';
import type { CommissionSession } from '../api/types.js';
import { Bidi } from './bidi.js';
import { TableHead } from './table-head.js';

export function SessionDelegations({ session }: { session: CommissionSession }) {
  const { t } = useTranslation();
  const parties = [...new Set(session.delegations.map((d) => d.party))];
  return (
    <section className="card" aria-labelledby="delegations-heading">
      <h2 id="delegations-heading">{t('sessions.delegations')}</h2>
      {parties.length === 0 && <p className="muted">{t('common.none')}</p>}
      <div className="delegations">
        {parties.map((party) => (
          <table key={party} className="mini-table">
            <caption>
              <span className="party-tag">{party}</span>
            </caption>
            <TableHead columns={[t('sessions.member'), t('sessions.function'), t('sessions.organisation')]} />
            <tbody>
              {session.delegations
                .filter((d) => d.party === party)
                .map((d) => (
                  <tr key={d.name}>
                    <td>
                      <Bidi>
                        {d.title ? `${d.title} ` : ''}
                        {d.name}
                      </Bidi>
                    </td>
                    <td>{d.function ? <Bidi>{d.function}</Bidi> : t('common.none')}</td>
                    <td>{d.organisation ? <Bidi>{d.organisation}</Bidi> : t('common.none')}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        ))}
      </div>
    </section>
  );
}
