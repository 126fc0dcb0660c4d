import type { MigrationDb } from './schema-as-written.js';

/**
 * Carried-forward agenda items keep why they are on the agenda as facts
 * (JSON), not as an English sentence, so that every reader's language can
 * title them. Items prepared before are split back into those facts and the
 * free text they were built around, when their title has the shape the
 * preparation gave it; any other title stays as it is.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('agenda_item').addColumn('reference', 'text').execute();
  const carried = await db
    .selectFrom('agenda_item')
    .select(['id', 'kind', 'title'])
    .where('kind', 'in', ['action_item', 'activity', 'amendment'])
    .execute();
  for (const row of carried as { id: string; kind: string; title: string }[]) {
    const split = splitLegacyTitle(row.kind, row.title);
    if (split)
      await db
        .updateTable('agenda_item')
        .set({ title: split.title, reference: JSON.stringify(split.reference) })
        .where('id', '=', row.id)
        .execute();
  }
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('agenda_item').dropColumn('reference').execute();
}

/** The facts and free text of a title built by the English-only preparation, if it is one. */
export function splitLegacyTitle(kind: string, title: string): { title: string; reference: Record<string, unknown> } | null {
  if (kind === 'action_item') {
    const m = /^(.*) \(session (\d+), due (\d{4}-\d{2}-\d{2})(, overdue)?\)$/s.exec(title);
    if (!m) return null;
    return {
      title: m[1] as string,
      reference: { kind, sessionNumber: Number(m[2]), dueDate: m[3], overdue: Boolean(m[4]) },
    };
  }
  if (kind === 'activity') {
    const m = /^(\S+) (.*) \((?:postponed (\d+) times|overdue since (\d{4}-\d{2}-\d{2}))\)$/s.exec(title);
    if (!m) return null;
    return {
      title: m[2] as string,
      reference: { kind, refCode: m[1], plannedEnd: m[4] ?? '', postponements: m[3] ? Number(m[3]) : 0 },
    };
  }
  if (kind === 'amendment') {
    const m = /^Amendment (\d+): (.*)$/s.exec(title);
    if (!m) return null;
    return { title: m[2] as string, reference: { kind, number: Number(m[1]) } };
  }
  return null;
}
