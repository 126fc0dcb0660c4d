import type { Kysely } from 'kysely';
import type { Database } from './database.js';

/** Every party, by code. */
export function listPartyRows(db: Kysely<Database>) {
  return db.selectFrom('party').selectAll().orderBy('code').execute();
}

/** Every organisation of every party, by party and name. */
export function listOrganisationRows(db: Kysely<Database>) {
  return db.selectFrom('organisation').select(['id', 'party', 'name', 'kind']).orderBy('party').orderBy('name').execute();
}

/** Adds a party with the next free bit of the label masks; returns its bit. */
export async function insertParty(db: Kysely<Database>, code: string, name: Record<string, string>): Promise<number> {
  const used = await db.selectFrom('party').select('bit').execute();
  const bit = nextBit(used.map((u) => u.bit));
  await db
    .insertInto('party')
    .values({ code, name: JSON.stringify(name), bit })
    .execute();
  return bit;
}

export async function insertCompartment(db: Kysely<Database>, code: string, name: string): Promise<number> {
  const used = await db.selectFrom('compartment').select('bit').execute();
  const bit = nextBit(used.map((u) => u.bit));
  await db.insertInto('compartment').values({ code, name, bit }).execute();
  return bit;
}

export async function insertOrganisation(db: Kysely<Database>, org: { id: string; party: string; name: string; kind: string }) {
  await db.insertInto('organisation').values(org).execute();
}

// Masks are kept below 2^53 so that they stay exact as JavaScript numbers.
const MAX_BITS = 53;

function nextBit(used: number[]): number {
  const taken = new Set(used);
  for (let bit = 0; bit < MAX_BITS; bit++) if (!taken.has(bit)) return bit;
  throw new Error(`At most ${MAX_BITS} parties and ${MAX_BITS} compartments are supported`);
}
