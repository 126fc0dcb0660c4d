import type pg from 'pg';

/** The channel the triggers of migration 0015 notify, with the schema of the table that changed as payload. */
export const AUTH_CHANNEL = 'jointplan_auth';
/** The trigger function of migration 0015; without it no change would be heard, and nothing is kept. */
const TRIGGER_FUNCTION = 'jointplan_auth_changed';
const RECONNECT_MS = 1000;
/**
 * How long a kept value is answered at most, notice or none: the bound on how
 * long a missed notice (a listening connection that died without a word and
 * has not yet failed its ping) can leave a revoked token, an ended session, a
 * deactivated account or a lowered clearance in force.
 */
export const MAX_AGE_MS = 30_000;
/** How often the listening connection must answer `select 1`, and how soon, or it counts as lost. */
export const PING_EVERY_MS = 15_000;
export const PING_TIMEOUT_MS = 5_000;
/** Past this many kept values the cache starts again from empty, so that a flood of tokens cannot grow it. */
const MAX_KEPT = 10_000;

interface Kept {
  epoch: number;
  /** When its read began, by the cache's clock. */
  at: number;
  value: unknown;
}

/** What the tests change: the clock the ages are measured by, and how and how often the listener is pinged. */
export interface AuthChangesOptions {
  now?: () => number;
  ping?: (listener: pg.Client) => Promise<unknown>;
  pingEveryMs?: number;
  pingTimeoutMs?: number;
}

/**
 * What an account, API token or sign-in session resolves to, kept in memory for
 * as long as PostgreSQL reports no change to any of them.
 *
 * Migration 0015 puts triggers on `app_user`, `api_token` (but not its last
 * use) and `user_session` that call `pg_notify` in the writing transaction, so
 * that the notification leaves at its commit, whichever process or command
 * wrote. Every change heard starts a new epoch, and a value is answered only if
 * it was read in the epoch still running. The pool's own connections listen
 * too: PostgreSQL hands a session its own notifications before the COMMIT's
 * answer, so a change this process makes drops what it keeps before the
 * writing use case even returns. Other processes hear it on their dedicated
 * listening connection as soon as PostgreSQL delivers it; while that
 * connection is down (and until it has checked that the triggers exist),
 * nothing is kept and every request reads the database.
 *
 * A connection can also die without a word (a failover, a NAT that drops idle
 * flows): so it is pinged every PING_EVERY_MS, and one that does not answer
 * within PING_TIMEOUT_MS is taken as down, and no kept value is answered past
 * MAX_AGE_MS whatever was heard. In the worst case a change is missed for
 * MAX_AGE_MS. LISTEN needs a direct or session-pooled connection: behind a
 * transaction-mode pooler the notices never arrive, and only that age bounds
 * what is kept.
 */
export class AuthChanges {
  #epoch = 0;
  #live = false;
  #started = false;
  #stopped = false;
  #schema: string | undefined;
  #listener: pg.Client | undefined;
  #retry: NodeJS.Timeout | undefined;
  #pinger: NodeJS.Timeout | undefined;
  readonly #kept = new Map<string, Kept>();
  readonly #now: () => number;
  readonly #ping: (listener: pg.Client) => Promise<unknown>;
  readonly #pingEveryMs: number;
  readonly #pingTimeoutMs: number;

  constructor(
    private readonly newClient: () => pg.Client,
    options: AuthChangesOptions = {},
  ) {
    this.#now = options.now ?? Date.now;
    this.#ping = options.ping ?? ((listener) => listener.query('select 1'));
    this.#pingEveryMs = options.pingEveryMs ?? PING_EVERY_MS;
    this.#pingTimeoutMs = options.pingTimeoutMs ?? PING_TIMEOUT_MS;
  }

  /**
   * Whether changes are heard, and so values kept; false until the listening connection is up.
   * For the tests, which wait for it; requests need not look.
   */
  get listening(): boolean {
    return this.#live;
  }

  /** The value read for `key` in the running epoch, if any. */
  get<T>(key: string): T | undefined {
    this.#start();
    if (!this.#live) return undefined;
    const kept = this.#kept.get(key);
    if (!kept || kept.epoch !== this.#epoch) return undefined;
    if (this.#now() - kept.at < MAX_AGE_MS) return kept.value as T;
    this.#kept.delete(key);
    return undefined;
  }

  /**
   * Reads `key` through `read` and keeps what it answers, unless a change was
   * heard while it read: the epoch is taken before the query, so a change
   * committed after the query's snapshot is heard after it and never kept.
   */
  async read<T>(key: string, read: () => Promise<T | undefined>): Promise<T | undefined> {
    this.#start();
    const epoch = this.#live ? this.#epoch : undefined;
    const at = this.#now();
    const value = await read();
    if (value !== undefined && epoch !== undefined && this.#live && epoch === this.#epoch) {
      if (this.#kept.size >= MAX_KEPT) this.#kept.clear();
      this.#kept.set(key, { epoch, at, value });
    }
    return value;
  }

  /** Makes a connection of the pool hear the changes too (once for each connection). */
  async listenOn(client: pg.ClientBase): Promise<void> {
    client.on('notification', this.#heard);
    await client.query(`listen ${AUTH_CHANNEL}`);
  }

  /** Stops listening, for good (the pool is ending). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#down();
    clearTimeout(this.#retry);
    const listener = this.#listener;
    this.#listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  readonly #heard = (n: pg.Notification) => {
    if (n.channel !== AUTH_CHANNEL || (this.#schema !== undefined && n.payload !== this.#schema)) return;
    this.#epoch++;
    this.#kept.clear();
  };

  #down() {
    clearInterval(this.#pinger);
    this.#pinger = undefined;
    this.#live = false;
    this.#epoch++;
    this.#kept.clear();
  }

  #start() {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    void this.#connect();
  }

  async #connect() {
    if (this.#stopped) return;
    const client = this.newClient();
    this.#listener = client;
    let failed = false;
    const fail = () => {
      if (failed) return;
      failed = true;
      this.#down();
      if (this.#listener === client) this.#listener = undefined;
      client.end().catch(() => undefined);
      if (!this.#stopped) {
        this.#retry = setTimeout(() => void this.#connect(), RECONNECT_MS);
        this.#retry.unref();
      }
    };
    client.on('error', fail);
    client.on('end', fail);
    client.on('notification', this.#heard);
    try {
      await client.connect();
      await client.query(`listen ${AUTH_CHANNEL}`);
      const found = await client.query<{ schema: string; triggers: boolean }>(
        `select current_schema() as schema, to_regproc($1) is not null as triggers`,
        [TRIGGER_FUNCTION],
      );
      const row = found.rows[0];
      if (failed || this.#stopped) return;
      if (!row?.triggers) {
        // A database not migrated to 0015 would never say what changed: keep nothing, for good.
        this.#stopped = true;
        await client.end();
        return;
      }
      this.#schema = row.schema;
      this.#epoch++;
      this.#kept.clear();
      this.#live = true;
      this.#pinger = setInterval(() => void this.#answers(client).then((ok) => ok || fail()), this.#pingEveryMs);
      this.#pinger.unref();
    } catch {
      fail();
    }
  }

  /** Whether the listener answers its ping in time; a connection dead without a word never does. */
  async #answers(listener: pg.Client): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), this.#pingTimeoutMs);
    });
    try {
      return await Promise.race([this.#ping(listener).then(() => true), late]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
