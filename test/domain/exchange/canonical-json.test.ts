import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, jcs } from '../../../src/domain/canonical-json.js';

/** The double whose IEEE 754 bits are `hex`, as RFC 8785 Appendix B gives its samples. */
const fromBits = (hex: string) => {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
};

describe('canonical JSON against RFC 8785', () => {
  // RFC 8785, Appendix B: IEEE 754 bit patterns and their JCS serialisation.
  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('writes the double %s as %s (Appendix B)', (bits, text) => {
    expect(jcs(fromBits(bits))).toBe(text);
    expect(canonicalJson(fromBits(bits))).toBe(text);
  });

  it.each([
    ['7fffffffffffffff', 'NaN'],
    ['7ff0000000000000', 'Infinity'],
  ])('refuses the double %s (%s), which JSON cannot hold (Appendix B)', (bits) => {
    expect(() => jcs(fromBits(bits))).toThrow(TypeError);
    expect(() => canonicalJson(fromBits(bits))).toThrow(TypeError);
  });

  it('serialises the example of section 3.2.2 as the RFC does', () => {
    // The RFC's input, parsed as any JSON parser would.
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    );
    expect(jcs(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts the keys of section 3.2.3 by UTF-16 code units, as the RFC does', () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One",' +
        ' "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control", "\\u00f6": "Latin Small Letter O With Diaeresis"}',
    );
    expect(jcs(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('escapes control characters as §3.2.2.2 asks: short forms where JSON has them, lowercase \\u00hh otherwise', () => {
    expect(jcs('\b\t\n\f\r\u0000\u001f\u007f"\\/')).toBe('"\\b\\t\\n\\f\\r\\u0000\\u001f\u007f\\"\\\\/"');
  });

  it('refuses lone surrogates, in values and in keys, and keeps paired ones (jcs, §3.2.2.2)', () => {
    expect(() => jcs('a\uDEADb')).toThrow(TypeError);
    expect(() => jcs('\uD83D')).toThrow(TypeError);
    expect(() => jcs({ '\uDE00x': 1 })).toThrow(TypeError);
    expect(() => jcs(['ok', { k: 'x\uDBFF' }])).toThrow(TypeError);
    expect(jcs('\uD83D\uDE00')).toBe('"\u{1F600}"');
  });

  it('keeps hashing stored records that hold a lone surrogate (canonicalJson), escaped as JSON.stringify does', () => {
    expect(canonicalJson({ name: 'a\uDEADb' })).toBe('{"name":"a\\udeadb"}');
  });

  it('writes objects whose keys a plain object reorders (array indices, __proto__) in the canonical order too', () => {
    // What the RFC asks, written out part by part: keys sorted by UTF-16 code units at every depth.
    const reference = (v: unknown): string => {
      if (Array.isArray(v)) return `[${v.map((x) => reference(x ?? null)).join(',')}]`;
      if (v && typeof v === 'object') {
        const r = v as Record<string, unknown>;
        const keys = Object.keys(r)
          .sort()
          .filter((k) => r[k] !== undefined);
        return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(r[k])}`).join(',')}}`;
      }
      return JSON.stringify(v);
    };
    const key = fc.oneof(fc.nat({ max: 20 }).map(String), fc.constantFrom('__proto__', '01', '-1', '1.5', 'a', 'B'), fc.string());
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small' },
        fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)),
        fc.array(tie('tree'), { maxLength: 4 }),
        fc.array(fc.tuple(key, tie('tree')), { maxLength: 6 }).map((entries) => {
          // Built as JSON.parse builds it, so that `__proto__` is a key of its own.
          const text = `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;
          return JSON.parse(text) as unknown;
        }),
      ),
    }));
    expect(jcs(JSON.parse('{"10":1,"9":2,"__proto__":{"b":1,"a":2},"a":[{"2":0,"1":0}]}'))).toBe(
      '{"10":1,"9":2,"__proto__":{"a":2,"b":1},"a":[{"1":0,"2":0}]}',
    );
    fc.assert(
      fc.property(tree, (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
        expect(jcs(value)).toBe(reference(value));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same bytes whatever the order of the keys, and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = jcs(value);
        // Well-formed input: the two entries give the same bytes.
        expect(canonicalJson(value)).toBe(text);
        expect(jcs(JSON.parse(text))).toBe(text);
        // Keys in reverse order: the same canonical text.
        const reversed = JSON.parse(text, (_k, v) =>
          v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
        );
        expect(jcs(reversed)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
