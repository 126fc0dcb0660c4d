/// <reference path="./topojson-client.d.ts" />
// The outline of Morocco the industrial projects' map draws, taken once from
// Natural Earth's 1:50m countries (the world-atlas package's TopoJSON) into a
// small file the web app ships, so that the map needs no tile server and the
// pages do not carry the whole world.
//
//   tsx scripts/morocco-outline.ts           writes web/src/geo/morocco-outline.json
//   tsx scripts/morocco-outline.ts --check   fails when the committed file is not what the script makes
//
// Natural Earth draws Western Sahara as an area of its own and marks the line
// between it and Morocco as disputed: the file keeps both areas as land, the
// outer outline as one set of lines and that line apart, so that the map draws
// the two alike and the disputed line dashed.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { feature, type Geometry, mesh, type Topology } from 'topojson-client';

/** Natural Earth's ISO 3166-1 numeric codes of the two areas drawn. */
const MOROCCO = '504';
const WESTERN_SAHARA = '732';

export type Line = [number, number][];

export interface MoroccoOutline {
  source: string;
  /** West, south, east, north, in degrees. */
  bbox: [number, number, number, number];
  /** The land of both areas, rings of [longitude, latitude]. */
  land: Line[];
  /** The outer outline: coasts and the borders with the neighbours. */
  outline: Line[];
  /** The line between Morocco and Western Sahara, which Natural Earth marks as disputed. */
  disputed: Line[];
}

/** A coordinate to a hundredth of a degree (about a kilometre), plenty for a map a few hundred pixels wide. */
const round = (v: number) => Math.round(v * 100) / 100;

/** A line's points rounded, those that round to the one before left out. */
function simplify(line: number[][]): Line {
  const out: Line = [];
  for (const [x = 0, y = 0] of line) {
    const p: [number, number] = [round(x), round(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

/** Morocco's and Western Sahara's land, outline and disputed line, from a world-atlas countries topology. */
export function moroccoOutline(topology: Topology): MoroccoOutline {
  const countries = topology.objects.countries;
  if (!countries) throw new Error('no countries in the topology');
  const find = (id: string): Geometry => {
    const g = countries.geometries.find((x) => String(x.id) === id);
    if (!g) throw new Error(`no country ${id} in the topology`);
    return g;
  };
  const both = { type: 'GeometryCollection' as const, geometries: [find(MOROCCO), find(WESTERN_SAHARA)] };
  const land = both.geometries.flatMap((g) => {
    const { geometry } = feature(topology, g);
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    return polygons.flatMap((rings) => rings.map(simplify));
  });
  // An arc used by one of the two only is the outer outline; one they share is the line between them.
  const outline = mesh(topology, both, (a, b) => a === b).coordinates.map(simplify);
  const disputed = mesh(topology, both, (a, b) => a !== b).coordinates.map(simplify);
  const points = land.flat();
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return {
    source: 'Natural Earth, 1:50m Admin 0 countries (public domain), via world-atlas 2',
    bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
    land,
    outline,
    disputed,
  };
}

const TARGET = fileURLToPath(new URL('../web/src/geo/morocco-outline.json', import.meta.url));
const SOURCE = fileURLToPath(new URL('../node_modules/world-atlas/countries-50m.json', import.meta.url));

/** The outline as the script makes it from the installed world-atlas. */
export const outlineFromAtlas = () => moroccoOutline(JSON.parse(readFileSync(SOURCE, 'utf8')) as Topology);

/** Whether the committed file holds what the script makes (whatever its layout). */
export const outlineFileIsFresh = () => isDeepStrictEqual(JSON.parse(readFileSync(TARGET, 'utf8')), outlineFromAtlas());

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    if (!outlineFileIsFresh()) {
      console.error(`${TARGET} is stale: run tsx scripts/morocco-outline.ts`);
      process.exit(1);
    }
  } else {
    writeFileSync(TARGET, `${JSON.stringify(outlineFromAtlas())}\n`);
    // Laid out as the project's formatter wants it, so that the check of the sources passes.
    execFileSync('npx', ['biome', 'format', '--write', TARGET], { stdio: 'inherit' });
  }
}
