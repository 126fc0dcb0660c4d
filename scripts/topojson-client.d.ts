// The two functions of topojson-client that scripts/morocco-outline.ts uses, typed as far as it needs them.
declare module 'topojson-client' {
  export interface Topology {
    type: 'Topology';
    objects: Record<string, GeometryCollection>;
    arcs: number[][][];
    transform?: { scale: [number, number]; translate: [number, number] };
  }
  export interface Geometry {
    type: string;
    id?: string | number;
    properties?: Record<string, unknown>;
    arcs?: unknown;
  }
  export interface GeometryCollection {
    type: 'GeometryCollection';
    geometries: Geometry[];
  }
  export function feature(
    topology: Topology,
    object: Geometry,
  ): { geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] } };
  export function mesh(
    topology: Topology,
    object: GeometryCollection,
    filter: (a: Geometry, b: Geometry) => boolean,
  ): { type: 'MultiLineString'; coordinates: number[][][] };
}
