// The part of the `shapefile` package (0.6, no types of its own) that boundary.read.ts uses.
declare module 'shapefile' {
  export interface ShapefileSource {
    read(): Promise<
      | { done: true; value: undefined }
      | { done: false; value: { type: 'Feature'; properties: Record<string, unknown> | null; geometry: { type: string; coordinates: unknown } | null } }
    >;
  }
  export function open(shp: ArrayBuffer | Uint8Array | string, dbf?: ArrayBuffer | Uint8Array | string, options?: { encoding?: string }): Promise<ShapefileSource>;
}
