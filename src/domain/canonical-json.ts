/**
 * Canonical JSON after RFC 8785 (JCS): object keys sorted at every depth by
 * UTF-16 code units, no whitespace, numbers as ECMAScript writes them
 * (JSON.stringify's Number-to-String, so `1e+21`, `5e-324`, `-0` as `0`),
 * strings escaped as JSON.stringify escapes them (`\n`, `\"`, `\u000f`, the
 * rest as is); NaN and the infinities are refused with a TypeError. Equal
 * content always serialises to the same bytes.
 *
 * Two entries, which differ only on strings holding a lone surrogate:
 * - `jcs` is RFC 8785 to the letter: such a string is refused with a
 *   TypeError (§3.2.2.2: a JCS implementation stops rather than sign broken
 *   text). Used for what another installation checks: exchange bundle
 *   headers and key statements (src/domain/exchange/).
 * - `canonicalJson` writes such a string as JSON.stringify does
 *   (`"\udead"`), as it always has: records stored before can hold one (a
 *   JSON text column gives it back), and their hashes -- plan baselines,
 *   frozen evaluations -- must keep being computed and compared. On every
 *   other value the two give the same bytes.
 * Tested against the RFC's examples (test/domain/exchange/canonical-json.test.ts).
 */
export const canonicalJson = (value: unknown): string => serialise(value, false);

/** RFC 8785 to the letter: as `canonicalJson`, but a string holding a lone surrogate is a TypeError. */
export const jcs = (value: unknown): string => serialise(value, true);

/** Thrown by `sortedCopy` for an object whose keys a plain object would not keep in the order given. */
const NOT_PLAIN = Symbol('not plain');
/** A key a plain object enumerates first, in the order of numbers (an array index), or that sets its prototype. */
const UNORDERED_KEY = /^(?:0|[1-9]\d*)$|^__proto__$/;

/**
 * The value as plain objects and arrays whose keys are in the canonical order, for JSON.stringify to
 * write in one call (some twice as fast as writing each part in turn, on an exchange's records), after
 * the checks `serialise` makes, in its order, with its errors. An object with a key that a plain object
 * would not enumerate in the order it was added (an array index, `__proto__`) throws NOT_PLAIN: the
 * caller then writes the value part by part.
 */
function sortedCopy(value: unknown, strict: boolean): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    checkText(value, strict);
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold ${value}`);
    return value;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = sortedCopy(value[i] ?? null, strict);
    return out;
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record).sort()) {
      const v = record[key];
      if (v === undefined) continue;
      if (UNORDERED_KEY.test(key)) throw NOT_PLAIN;
      checkText(key, strict);
      out[key] = sortedCopy(v, strict);
    }
    return out;
  }
  throw new TypeError(`canonical JSON cannot hold ${typeof value}`);
}

function serialise(value: unknown, strict: boolean): string {
  try {
    return JSON.stringify(sortedCopy(value, strict));
  } catch (err) {
    if (err !== NOT_PLAIN) throw err;
    return serialiseByParts(value, strict);
  }
}

function serialiseByParts(value: unknown, strict: boolean): string {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'string') return text(value, strict);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold ${value}`);
    return JSON.stringify(value);
  }
  // As JSON.stringify does, a missing array element is null. Built by
  // appending to one string, without intermediate arrays: large documents
  // (frozen evaluations) are hashed on every check.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + serialiseByParts(value[i] ?? null, strict);
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
      out += `${out.length === 1 ? '' : ','}${text(key, strict)}:${serialiseByParts(v, strict)}`;
    }
    return `${out}}`;
  }
  throw new TypeError(`canonical JSON cannot hold ${typeof value}`);
}

/** A lone surrogate: a high one not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkText(value: string, strict: boolean) {
  if (strict && LONE_SURROGATE.test(value)) throw new TypeError('canonical JSON cannot hold a string with a lone surrogate');
}

function text(value: string, strict: boolean): string {
  checkText(value, strict);
  return JSON.stringify(value);
}
