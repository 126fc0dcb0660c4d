import { GENESIS_HASH } from '../domain/audit-chain.js';
import { readableBy } from '../store/access.js';
import { type ChainAnchor, verifyAuditChain } from '../store/audit.repo.js';
import type { Actor, AppContext } from './context.js';
import { assertSecurityOfficer } from './policy.js';

/**
 * The audit log as a security officer reads it: entries about records they
 * may read, and sign-in events of their own party's accounts (or of unknown
 * names tried against it).
 */
export async function listAudit(
  ctx: AppContext,
  actor: Actor,
  opts: { entityId?: string | undefined; before?: number | undefined; limit: number },
) {
  assertSecurityOfficer(actor);
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const rows = await ctx.db
    .selectFrom('audit_entry')
    .selectAll()
    .where((eb) =>
      eb.or([
        readableBy(reader, 'audit_entry'),
        eb.and([eb('entity_type', '=', 'user'), eb.or([eb('owner_party', '=', actor.party), eb('owner_party', 'is', null)])]),
      ]),
    )
    .$if(opts.entityId !== undefined, (qb) => qb.where('entity_id', '=', opts.entityId ?? ''))
    .$if(opts.before !== undefined, (qb) => qb.where('seq', '<', opts.before ?? 0))
    .orderBy('seq', 'desc')
    .limit(opts.limit + 1)
    .execute();
  const more = rows.length > opts.limit;
  const page = more ? rows.slice(0, opts.limit) : rows;
  return {
    items: page.map((r) => ({
      seq: r.seq,
      at: r.at,
      actorId: r.actor_id,
      actorParty: r.actor_party,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
      hash: r.hash,
    })),
    nextCursor: more ? String(page.at(-1)?.seq) : null,
  };
}

export const verifyAudit = (ctx: AppContext, onProgress?: (done: number, total: number) => void, anchor?: ChainAnchor) =>
  verifyAuditChain(ctx.db, onProgress, anchor);

/** The last entry of the chain, to be kept outside the database as a later `verify` anchor. */
export async function auditHead(ctx: AppContext) {
  const head = await ctx.db.selectFrom('audit_entry').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return head ?? { seq: 0, hash: GENESIS_HASH };
}
