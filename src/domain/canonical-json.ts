/**
 * The JSON Canonicalization Scheme of RFC 8785: object keys sorted at every
 * depth by UTF-16 code units, no whitespace, numbers as ECMAScript writes them
 * (JSON.stringify's Number-to-String, so `1e+21`, `5e-324`, `-0` as `0`),
 * strings escaped as JSON.stringify escapes them (`\n`, `\"`, `\u000f`, the
 * rest as is), and no value outside I-JSON: NaN, the infinities and strings
 * holding a lone surrogate are refused with a TypeError (RFC 8785 §3.2.2.2
 * asks a JCS implementation to stop on them rather than sign broken text).
 * Equal content always serialises to the same bytes. Used for what is hashed
 * or signed: plan baselines, audit checkpoints, exchange bundle headers, key
 * statements. Tested against the RFC's examples (test/domain/exchange/).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'string') return canonicalString(value);
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
      out += `${out.length === 1 ? '' : ','}${canonicalString(key)}:${canonicalJson(v)}`;
    }
    return `${out}}`;
  }
  throw new TypeError(`canonical JSON cannot hold ${typeof value}`);
}

/** A lone surrogate: a high one not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function canonicalString(text: string): string {
  if (LONE_SURROGATE.test(text)) throw new TypeError('canonical JSON cannot hold a string with a lone surrogate');
  return JSON.stringify(text);
}
