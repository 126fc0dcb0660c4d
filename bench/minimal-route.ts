// The ceiling of the stack: a Fastify route that runs the benchmark's SQL
// through the raw driver and answers its rows, with nothing else: no sign-in,
// no validation, no access check beyond what the SQL itself holds.
import Fastify from 'fastify';
import type { BenchKind } from './database.js';
import { type CompiledSql, openRaw } from './raw.js';

const kind = process.env.BENCH_KIND as BenchKind;
const url = process.env.BENCH_DB_URL ?? '';
const queries = JSON.parse(process.env.BENCH_QUERIES ?? '{}') as Record<string, CompiledSql>;
// The same pool size the server's PostgreSQL dialect gets by default.
const driver = openRaw(kind, url, 10);

const app = Fastify({ logger: false });
for (const [name, q] of Object.entries(queries)) app.get(`/${name}`, async () => driver.rows(q));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
