import type { Classification } from '../domain/labels.js';
import type { Role } from '../domain/user.schema.js';
import { type AuditSigning, AuditSigningPlugin } from '../store/audit-signing.js';
import type { Db } from '../store/db.js';
import { type LabelCodec, loadLabelCodec } from '../store/label-codec.js';
import { openTransactionOf } from '../store/tx.js';

/** The signed-in user a use case acts for. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  party: string;
  roles: readonly Role[];
  clearance: Classification;
  compartments: readonly string[];
}

/** What every use case may use: the database, the label codec and the clock. */
export interface AppContext {
  db: Db;
  /** The installation's audit signing key; absent, audit entries are hash-chained but not signed. */
  auditSigning?: AuditSigning | undefined;
  codec(): Promise<LabelCodec>;
  /** Drops the cached codec after parties or compartments change. */
  refreshCodec(): void;
  now(): Date;
}

export function createContext(db: Db, now: () => Date = () => new Date(), auditSigning?: AuditSigning): AppContext {
  let cached: Promise<LabelCodec> | undefined;
  // Transactions begun from this handle sign the audit entries they append.
  const handle = auditSigning ? db.withPlugin(new AuditSigningPlugin(auditSigning)) : db;
  return {
    db: handle,
    auditSigning,
    codec: () => {
      // First asked for inside a use case's transaction, the codec is read through that transaction:
      // on SQLite the outer handle would wait for the connection the transaction holds.
      cached ??= loadLabelCodec(openTransactionOf(handle) ?? db).catch((err) => {
        cached = undefined;
        throw err;
      });
      return cached;
    },
    refreshCodec: () => {
      cached = undefined;
    },
    now,
  };
}

export const isoNow = (ctx: AppContext) => ctx.now().toISOString();
export const todayOf = (ctx: AppContext) => ctx.now().toISOString().slice(0, 10);
