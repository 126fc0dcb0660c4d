/**
 * JSON with object keys sorted at every depth and no whitespace, so that
 * equal content always serialises to the same bytes (RFC 8785: keys ordered
 * by UTF-16 code units, numbers as ECMAScript writes them). Used for what is
 * hashed or signed: plan baselines and audit checkpoints.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold ${value}`);
    return JSON.stringify(value);
  }
  // As JSON.stringify does, a missing array element is null. Built by
  // appending to one string, without intermediate arrays: large documents
  // (frozen evaluations) are hashed on every check.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i] ?? null);
    return `${out}]`;
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // The default sort compares UTF-16 code units, the order RFC 8785 asks for.
    const keys = Object.keys(record).sort();
    let out = '{';
    for (const key of keys) {
      const v = record[key];
      if (v === undefined) continue;
      out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(v)}`;
    }
    return `${out}}`;
  }
  throw new TypeError(`canonical JSON cannot hold ${typeof value}`);
}
