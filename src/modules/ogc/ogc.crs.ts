/**
 * OGC API – Features Part 2 (Coordinate Reference Systems by Reference): the CRSs the items can be asked in
 * (`crs`) and a bbox given in (`bbox-crs`). Stored is CRS84 (WGS84 longitude, latitude). CGCS2000 (EPSG:4490)
 * agrees with WGS84 to a few centimetres, so its coordinates are the stored ones; EPSG:4490 and EPSG:4326 put
 * latitude first, as their EPSG definitions (and Part 2) say, so those answers swap the axes (the repo's SQL does).
 */
import { badRequest } from '../../platform/errors.js';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const EPSG_4490 = 'http://www.opengis.net/def/crs/EPSG/0/4490';
export const EPSG_4326 = 'http://www.opengis.net/def/crs/EPSG/0/4326';
/** The CRSs every collection offers, storage first. */
export const OUTPUT_CRS = [CRS84, EPSG_4490, EPSG_4326];

/** A `crs` or `bbox-crs` value: its URI and whether its axis order is latitude first. */
export function ogcCrs(field: 'crs' | 'bbox-crs', value: string | undefined): { uri: string; latFirst: boolean } {
  const uri = value?.trim() || CRS84;
  if (!OUTPUT_CRS.includes(uri)) throw badRequest('validation_failed', `不支持的坐标系 ${uri}`, [{ field, message: `one of ${OUTPUT_CRS.join(', ')}` }]);
  return { uri, latFirst: uri !== CRS84 };
}

/** A bbox given latitude first (`minLat,minLon,maxLat,maxLon`) as CRS84's `minLon,minLat,maxLon,maxLat`. */
export function bboxToCrs84(bbox: string | undefined, latFirst: boolean): string | undefined {
  if (!bbox || !latFirst) return bbox;
  const p = bbox.split(',');
  return p.length === 4 ? [p[1], p[0], p[3], p[2]].join(',') : bbox;
}
