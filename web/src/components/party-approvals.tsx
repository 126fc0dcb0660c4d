import { formatDateTime } from '../i18n/format.js';

/**
 * Each party and whether it has given its approval (or agreement) yet, with
 * its date: of a plan, an amendment, minutes or a joint decision.
 */
export function PartyApprovals({
  parties,
  approvals,
  given,
  pending,
  label,
}: {
  parties: readonly string[];
  approvals: readonly { party: string; at: string }[];
  /** What a party that approved is said to have done, on the date given. */
  given: (date: string) => string;
  pending: string;
  label?: string;
}) {
  return (
    <ul className="approvals" aria-label={label}>
      {parties.map((party) => {
        const approval = approvals.find((a) => a.party === party);
        return (
          <li key={party} className={approval ? 'approved' : 'pending'}>
            <span className="party-tag">{party}</span> {approval ? given(formatDateTime(approval.at)) : pending}
          </li>
        );
      })}
    </ul>
  );
}
