/**
 * The flat projection of the offline map of sites: equirectangular, its
 * horizontal scale shrunk by the cosine of the middle latitude so that a
 * country the size of Morocco keeps its shape, north up and west to the left
 * whatever the page's direction. Pure, so that its figures can be checked.
 */

/** West, south, east, north, in degrees. */
export type Bbox = readonly [number, number, number, number];
export type LonLat = readonly [number, number];

export interface MapFrame {
  width: number;
  height: number;
  /** A point's place on the drawing, in pixels from the top left corner. */
  project: (lon: number, lat: number) => [number, number];
}

/** The box widened to take in the points (a site off the outline is still drawn), and a margin around it in degrees. */
export function boxAround(outline: Bbox, points: readonly LonLat[], margin = 0.5): Bbox {
  let [w, s, e, n] = outline;
  for (const [lon, lat] of points) {
    w = Math.min(w, lon);
    e = Math.max(e, lon);
    s = Math.min(s, lat);
    n = Math.max(n, lat);
  }
  return [w - margin, s - margin, e + margin, n + margin];
}

/** The frame that fits the box into a drawing `width` pixels wide, its height following from the box's shape. */
export function mapFrame(box: Bbox, width: number): MapFrame {
  const [w, s, e, n] = box;
  if (!(e > w && n > s && width > 0)) throw new RangeError('an empty box or width');
  const k = Math.cos((((s + n) / 2) * Math.PI) / 180);
  const scale = width / ((e - w) * k);
  const height = (n - s) * scale;
  const round = (v: number) => Math.round(v * 10) / 10;
  return { width, height: round(height), project: (lon, lat) => [round((lon - w) * k * scale), round((n - lat) * scale)] };
}

/** An SVG path of lines of [longitude, latitude], each closed when `closed` (a ring of land). */
export function pathOf(lines: readonly (readonly LonLat[])[], frame: MapFrame, closed: boolean): string {
  return lines
    .filter((line) => line.length > 1)
    .map(
      (line) =>
        line.map(([lon, lat], i) => `${i === 0 ? 'M' : 'L'}${frame.project(lon, lat).join(' ')}`).join('') + (closed ? 'Z' : ''),
    )
    .join('');
}
