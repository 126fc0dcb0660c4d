import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Line, moroccoOutline, outlineFileIsFresh, outlineFromAtlas } from '../scripts/morocco-outline.js';
import { measurementCurve } from '../web/src/components/industrial-measurement-curve.js';
import { boxAround, mapFrame, pathOf } from '../web/src/components/site-map-projection.js';

/** Whether a point lies inside a ring (even-odd rule). */
function inside([x, y]: [number, number], ring: Line): boolean {
  let odd = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
  }
  return odd;
}

const ends = (lines: Line[]) => lines.flatMap((l) => [l[0], l[l.length - 1]].map((p) => JSON.stringify(p)));

describe('the outline of Morocco taken from Natural Earth', () => {
  const o = outlineFromAtlas();

  it('is what the web app ships', () => {
    expect(outlineFileIsFresh()).toBe(true);
    // And the shipped file stays small: the pages carry it, not the world.
    expect(readFileSync('web/src/geo/morocco-outline.json', 'utf8').length).toBeLessThan(40_000);
  });

  it('holds both areas as land, with Benslimane, Rabat, Smara and Tifariti on it and Madrid and Algiers off it', () => {
    expect(o.land.length).toBeGreaterThanOrEqual(2);
    const onLand = (p: [number, number]) => o.land.some((ring) => inside(p, ring));
    expect(onLand([-7.12, 33.62])).toBe(true);
    expect(onLand([-6.84, 34.02])).toBe(true);
    expect(onLand([-11.67, 26.74])).toBe(true);
    expect(onLand([-10.57, 26.16])).toBe(true);
    expect(onLand([-3.7, 40.42])).toBe(false);
    expect(onLand([3.06, 36.75])).toBe(false);
    const [w, s, e, n] = o.bbox;
    expect([w, s, e, n].map(Math.round)).toEqual([-17, 21, -1, 36]);
  });

  it('keeps the line between the two areas apart from the outer outline, joined to it at both ends', () => {
    expect(o.disputed.length).toBeGreaterThan(0);
    expect(o.outline.length).toBeGreaterThan(0);
    const outer = new Set(o.outline.flat().map((p) => JSON.stringify(p)));
    for (const end of ends(o.disputed)) expect(outer.has(end)).toBe(true);
    // No arc is drawn twice: a point of the disputed line's middle is not on the outline.
    const middle = o.disputed[0]?.[Math.floor((o.disputed[0]?.length ?? 0) / 2)];
    expect(outer.has(JSON.stringify(middle))).toBe(false);
  });

  it('refuses a topology without the two areas', () => {
    const world = JSON.parse(readFileSync('node_modules/world-atlas/countries-110m.json', 'utf8'));
    world.objects.countries.geometries = world.objects.countries.geometries.filter((g: { id: string }) => g.id !== '732');
    expect(() => moroccoOutline(world)).toThrow(/732/);
  });
});

describe('the projection of the map of sites', () => {
  const frame = mapFrame([-10, 20, 0, 36], 400);

  it('keeps north up and west to the left, the box filling the width', () => {
    expect(frame.project(-10, 36)).toEqual([0, 0]);
    expect(frame.project(0, 20)).toEqual([400, frame.height]);
    const [x1, y1] = frame.project(-7, 33);
    const [x2, y2] = frame.project(-6, 32);
    expect(x2).toBeGreaterThan(x1);
    expect(y2).toBeGreaterThan(y1);
  });

  it('shrinks longitudes by the cosine of the middle latitude, so a degree east is shorter than a degree north', () => {
    const [x0, y0] = frame.project(-5, 28);
    const [x1] = frame.project(-4, 28);
    const [, y1] = frame.project(-5, 27);
    expect((x1 - x0) / (y1 - y0)).toBeCloseTo(Math.cos((28 * Math.PI) / 180), 2);
    expect(frame.height).toBeCloseTo((16 / (10 * Math.cos((28 * Math.PI) / 180))) * 400, 0);
  });

  it('widens the box to take in a site off the outline, with a margin', () => {
    expect(boxAround([-10, 20, 0, 36], [])).toEqual([-10.5, 19.5, 0.5, 36.5]);
    expect(boxAround([-10, 20, 0, 36], [[2, 37]], 0)).toEqual([-10, 20, 2, 37]);
    expect(boxAround([-10, 20, 0, 36], [[-7, 33]], 0)).toEqual([-10, 20, 0, 36]);
  });

  it('refuses an empty box', () => {
    expect(() => mapFrame([0, 0, 0, 10], 400)).toThrow(RangeError);
  });

  it('draws rings closed and lines open, leaving out lines of one point', () => {
    const line = [
      [-10, 36],
      [0, 20],
    ] as const;
    expect(pathOf([line], frame, false)).toBe(`M0 0L400 ${frame.height}`);
    expect(pathOf([line, [[-5, 28]]], frame, true)).toBe(`M0 0L400 ${frame.height}Z`);
  });
});

describe('the curve of a project’s measurements', () => {
  const m = (asOf: string, recordedAt: string) => ({ asOf, recordedAt });

  it('has a point per day measured, each figure holding until the next and unknown before the first', () => {
    expect(
      measurementCurve({
        jobsCreated: [
          { ...m('2026-01-10', '2026-01-10T09:00:00Z'), value: 10 },
          { ...m('2026-03-01', '2026-03-02T09:00:00Z'), value: 40 },
        ],
        localContentReached: [{ ...m('2026-02-01', '2026-02-01T09:00:00Z'), value: '12.50' }],
      }),
    ).toEqual([
      { asOf: '2026-01-10', jobsCreated: 10, localContentReached: null },
      { asOf: '2026-02-01', jobsCreated: 10, localContentReached: 12.5 },
      { asOf: '2026-03-01', jobsCreated: 40, localContentReached: 12.5 },
    ]);
  });

  it('takes of one day the last recorded, and a measurement recorded late for an earlier day at its own day', () => {
    expect(
      measurementCurve({
        jobsCreated: [
          { ...m('2026-05-01', '2026-05-01T09:00:00Z'), value: 50 },
          { ...m('2026-05-01', '2026-05-01T15:00:00Z'), value: 55 },
          { ...m('2026-04-01', '2026-06-01T09:00:00Z'), value: 30 },
        ],
        localContentReached: [],
      }),
    ).toEqual([
      { asOf: '2026-04-01', jobsCreated: 30, localContentReached: null },
      { asOf: '2026-05-01', jobsCreated: 55, localContentReached: null },
    ]);
  });

  it('is empty without measurements', () => {
    expect(measurementCurve({ jobsCreated: [], localContentReached: [] })).toEqual([]);
  });
});
