import type { CommissionCreate, SessionCreate } from '../domain/commission.schema.js';
import { newId } from '../domain/ids.js';
import { issue, problem } from '../domain/problems.js';
import {
  findCommission,
  findSource,
  insertCommission,
  insertSession,
  isSessionNumberClash,
  listCommissions as listCommissionRows,
  listSessions as listSessionRows,
  sessionNumberTaken,
} from '../store/commission.repo.js';
import { presentCommission, presentSession } from '../store/present.js';
import { minutesApprovalsBySession } from '../store/session.repo.js';
import { inTransaction } from '../store/tx.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { assertKnownParties, labelFor } from './labels.js';
import { assertCanPlan } from './policy.js';

export async function listCommissions(ctx: AppContext, actor: Actor) {
  const codec = await ctx.codec();
  const rows = await listCommissionRows(ctx.db, codec.reader(actor));
  return { items: rows.map((r) => presentCommission(codec, r)), nextCursor: null };
}

export async function getCommission(ctx: AppContext, actor: Actor, id: string) {
  const codec = await ctx.codec();
  const row = await findCommission(ctx.db, codec.reader(actor), id);
  if (!row) throw problem('commission.not_found');
  return presentCommission(codec, row);
}

export async function createCommission(ctx: AppContext, actor: Actor, input: CommissionCreate) {
  const codec = await ctx.codec();
  assertCanPlan(actor, actor.party);
  const parties = [...new Set(input.parties)];
  assertKnownParties(codec, parties, 'parties');
  if (!parties.includes(actor.party))
    throw problem('commission.own_party_missing', {}, [issue('parties', 'field.add_party', { party: actor.party })]);
  assertKnownParties(codec, Object.keys(input.classificationTable), 'classificationTable');
  const { columns } = labelFor(codec, actor, input);
  const now = isoNow(ctx);
  const row = {
    id: newId(),
    name: JSON.stringify(input.name),
    parties: JSON.stringify(parties),
    classification_table: JSON.stringify(input.classificationTable),
    ...columns,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  return inTransaction(ctx.db, async (trx) => {
    await insertCommission(trx, row);
    await audit(trx, actor, now, [{ action: 'commission.create', entityType: 'commission', entityId: row.id, label: columns }]);
    return presentCommission(codec, row);
  });
}

export async function listSessions(ctx: AppContext, actor: Actor, commissionId: string) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  if (!(await findCommission(ctx.db, reader, commissionId))) throw problem('commission.not_found');
  const rows = await listSessionRows(ctx.db, reader, commissionId);
  const approvals = await minutesApprovalsBySession(
    ctx.db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => presentSession(codec, r, approvals.get(r.id) ?? [], actor.party)), nextCursor: null };
}

export async function createSession(ctx: AppContext, actor: Actor, commissionId: string, input: SessionCreate) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  return inTransaction(ctx.db, async (trx) => {
    const commission = await findCommission(trx, reader, commissionId);
    if (!commission) throw problem('commission.not_found');
    assertCanPlan(actor, actor.party);
    const parties = JSON.parse(commission.parties) as string[];
    if (!parties.includes(actor.party)) throw problem('commission.not_a_party', { party: actor.party });
    if (!parties.includes(input.hostParty))
      throw problem('session.host_not_party', {}, [issue('hostParty', 'field.one_of', { values: parties.join(', ') })]);
    const strangers = input.delegations.filter((d) => !parties.includes(d.party));
    if (strangers.length) throw problem('session.delegation_not_party', {}, [issue('delegations', 'field.unknown_party')]);
    if (input.sourceId && !(await findSource(trx, reader, input.sourceId)))
      throw problem('source.unknown', {}, [issue('sourceId', 'field.no_such_source')]);
    const numberConflict = () =>
      problem('session.number_taken', { number: input.number }, [issue('number', 'field.session_number_used')]);
    if (await sessionNumberTaken(trx, reader, commissionId, input.number)) throw numberConflict();
    const { columns } = labelFor(codec, actor, input);
    const now = isoNow(ctx);
    const row = {
      id: newId(),
      commission_id: commissionId,
      number: input.number,
      start_date: input.startDate,
      end_date: input.endDate,
      place: input.place,
      host_party: input.hostParty,
      delegations: JSON.stringify(input.delegations),
      minutes: input.minutes,
      status: 'planned',
      source_id: input.sourceId,
      ...columns,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    await insertSession(trx, row).catch((err) => {
      throw isSessionNumberClash(err) ? numberConflict() : err;
    });
    await audit(trx, actor, now, [
      { action: 'session.create', entityType: 'commission_session', entityId: row.id, label: columns },
    ]);
    return presentSession(codec, row, [], actor.party);
  });
}
