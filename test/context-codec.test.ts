import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, transitionActivityStatus } from '../src/app/activity.usecases.js';
import { createContext } from '../src/app/context.js';
import { inTransaction } from '../src/store/tx.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, seedWorld } from './support/fixtures.js';

// A context loads the label codec the first time a use case asks for it. On SQLite, whose one
// connection a transaction holds, that first read must go through the transaction: through the
// outer handle it would wait for the connection for ever (a command or a fresh server whose first
// call is a write hung so).
describe.each(databases())('a fresh context inside a transaction on %s', (kind) => {
  let t: TestDatabase;
  let w: Awaited<ReturnType<typeof seedWorld>>;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    w = await seedWorld(createContext(t.db));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('loads its codec through the transaction the use case opened', async () => {
    const ctx = createContext(t.db);
    const codec = await inTransaction(ctx.db, () => ctx.codec());
    expect(codec.reader(w.marPlanner)).toBeDefined();
  });

  it('runs a use case whose first codec read is inside its transaction', async () => {
    const created = await createActivity(createContext(t.db), w.marPlanner, w.plan.id, activityInput('CTX-1'));
    const moved = await transitionActivityStatus(createContext(t.db), w.marPlanner, created.id, { to: 'planned' });
    expect(moved.status).toBe('planned');
  });

  it('reads through the outer handle again once the transaction is over', async () => {
    const ctx = createContext(t.db);
    await inTransaction(ctx.db, async () => undefined);
    await expect(ctx.codec()).resolves.toBeDefined();
  });
});
