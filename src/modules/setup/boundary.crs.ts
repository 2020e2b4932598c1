/**
 * The coordinate systems boundaries arrive in, and their transformation to what the product stores (WGS84
 * longitude/latitude) with proj4.
 *
 * Natural-resources bureaus publish in CGCS2000 (EPSG:4490), usually projected: 3-degree Gauss-Krüger with the
 * zone number in front of the easting (EPSG:4513–4533, zones 25–45: 40 500 000 m at 120°E for EPSG:4528) or
 * without it (EPSG:4534–4554, named by central meridian), sometimes 6-degree (EPSG:4491–4512). CGCS2000 and
 * WGS84 agree to a few centimetres, far below what a boundary's survey knows, so no datum shift is applied.
 * Xi'an 1980 and Beijing 1954 need the province's published transformation parameters: such a file is refused
 * with that reason instead of being placed hundreds of metres off. GCJ-02 (web maps) is undone with the
 * product's own inverse (src/modules/cases/geo.ts).
 */
import proj4 from 'proj4';
import { gcj02ToWgs84 } from '../cases/geo.js';

export interface Crs {
  /** 'EPSG:4528', 'GCJ02', or 'WKT' for a .prj proj4 reads but the table below does not name. */
  id: string;
  label: string;
  geographic: boolean;
  /** Projected or geographic source coordinates → WGS84 [lon, lat]. */
  toWgs84: (xy: number[]) => [number, number];
}

const identity = (xy: number[]): [number, number] => [xy[0], xy[1]];

function tmerc(id: string, label: string, centralMeridian: number, falseEasting: number): Crs {
  const p = proj4(`+proj=tmerc +lat_0=0 +lon_0=${centralMeridian} +k=1 +x_0=${falseEasting} +y_0=0 +ellps=GRS80 +units=m +no_defs`, 'EPSG:4326');
  return { id, label, geographic: false, toWgs84: (xy) => p.forward([xy[0], xy[1]]) as [number, number] };
}

/** A CRS by its EPSG code (`EPSG:4528`, `4528`, an OGC URN) or `GCJ02`; null when not one we know. */
export function crsByName(name: string): Crs | null {
  const n = name.trim().toUpperCase();
  if (['GCJ02', 'GCJ-02', 'GCJ_02'].includes(n)) return { id: 'GCJ02', label: 'GCJ-02(火星坐标,高德/腾讯地图)', geographic: true, toWgs84: (xy) => gcj02ToWgs84(xy[0], xy[1]) };
  if (/CRS84$/.test(n)) return { id: 'EPSG:4326', label: 'WGS84 经纬度(CRS84)', geographic: true, toWgs84: identity };
  const m = /(?:EPSG)?[:]*(\d{4,5})$/.exec(n.replace(/^URN:OGC:DEF:CRS:/, ''));
  if (!m) return null;
  const code = Number(m[1]);
  const id = `EPSG:${code}`;
  if (code === 4326) return { id, label: 'WGS84 经纬度(EPSG:4326)', geographic: true, toWgs84: identity };
  if (code === 4490) return { id, label: '国家2000 经纬度(CGCS2000,EPSG:4490)', geographic: true, toWgs84: identity };
  if (code >= 4513 && code <= 4533) {
    const zone = code - 4513 + 25;
    return tmerc(id, `国家2000 3度带高斯-克吕格第 ${zone} 带,带号在前(${id},中央经线 ${zone * 3}°E)`, zone * 3, zone * 1_000_000 + 500_000);
  }
  if (code >= 4534 && code <= 4554) {
    const cm = 75 + (code - 4534) * 3;
    return tmerc(id, `国家2000 3度带高斯-克吕格,中央经线 ${cm}°E(${id})`, cm, 500_000);
  }
  if (code >= 4491 && code <= 4501) {
    const zone = code - 4491 + 13;
    return tmerc(id, `国家2000 6度带高斯-克吕格第 ${zone} 带,带号在前(${id})`, zone * 6 - 3, zone * 1_000_000 + 500_000);
  }
  if (code >= 4502 && code <= 4512) {
    const cm = 75 + (code - 4502) * 6;
    return tmerc(id, `国家2000 6度带高斯-克吕格,中央经线 ${cm}°E(${id})`, cm, 500_000);
  }
  return null;
}

export class CrsRefused extends Error {}

/** The CRS of a .prj (ESRI or OGC WKT): named when it is a CGCS2000/WGS84 one, else what proj4 makes of it. */
export function crsFromWkt(wkt: string): Crs {
  const w = wkt.replace(/\s+/g, ' ');
  const authority = /AUTHORITY\["EPSG",\s*"?(\d+)"?\]\s*\]\s*$/.exec(w) ?? /ID\["EPSG",\s*(\d+)\]\s*\]\s*$/.exec(w);
  if (authority) {
    const byCode = crsByName(`EPSG:${authority[1]}`);
    if (byCode) return byCode;
  }
  if (/xian|xi_an|1980|beijing|1954/i.test(w)) throw new CrsRefused('文件为西安80或北京54坐标系:须先由自然资源部门用本省公布的转换参数转为国家2000(CGCS2000)后再导入');
  const cgcs = /China_Geodetic_Coordinate_System_2000|China 2000|China_2000|CGCS\s?2000/i.test(w);
  const wgs = /WGS[_ ]?(19)?84/i.test(w);
  const projected = /^\s*(PROJCS|PROJCRS)/i.test(w);
  if (!projected && (cgcs || wgs)) return crsByName(cgcs ? 'EPSG:4490' : 'EPSG:4326')!;
  if (projected && cgcs && /Gauss|Transverse[_ ]Mercator/i.test(w)) {
    const num = (name: RegExp) => {
      const m = new RegExp(`PARAMETER\\["(?:${name.source})",\\s*(-?[\\d.]+)`, 'i').exec(w);
      return m ? Number(m[1]) : null;
    };
    const cm = num(/Central_Meridian|Longitude of natural origin|longitude_of_center/);
    const fe = num(/False_Easting|False easting/);
    const k = num(/Scale_Factor|Scale factor at natural origin/) ?? 1;
    const lat0 = num(/Latitude_Of_Origin|Latitude of natural origin/) ?? 0;
    if (cm !== null && fe !== null && k === 1 && lat0 === 0) {
      const zonePrefix = Math.floor(fe / 1_000_000);
      if (fe - zonePrefix * 1_000_000 === 500_000) {
        const three = cm % 3 === 0;
        let code: number | null = null;
        if (three && zonePrefix === cm / 3 && zonePrefix >= 25 && zonePrefix <= 45) code = 4513 + zonePrefix - 25;
        else if (three && zonePrefix === 0 && cm >= 75 && cm <= 135) code = 4534 + (cm - 75) / 3;
        else if ((cm + 3) % 6 === 0 && zonePrefix === (cm + 3) / 6 && zonePrefix >= 13 && zonePrefix <= 23) code = 4491 + zonePrefix - 13;
        else if ((cm - 75) % 6 === 0 && zonePrefix === 0) code = 4502 + (cm - 75) / 6;
        if (code !== null) return crsByName(`EPSG:${code}`)!;
        return tmerc('WKT', `国家2000 高斯-克吕格,中央经线 ${cm}°E,东偏 ${fe} m(.prj)`, cm, fe);
      }
    }
  }
  let p: proj4.Converter;
  try {
    p = proj4(wkt, 'EPSG:4326');
  } catch (e) {
    throw new CrsRefused(`无法识别 .prj 中的坐标系:${(e as Error).message ?? e}`);
  }
  const name = /^\s*\w+\["([^"]+)"/.exec(w)?.[1] ?? '未命名';
  return { id: 'WKT', label: `${name}(.prj,由 proj4 解析)`, geographic: !projected, toWgs84: (xy) => p.forward([xy[0], xy[1]]) as [number, number] };
}

/** A hint for a file without a CRS: what its coordinates look like. */
export function guessCrsHint(sample: number[] | null): string {
  if (!sample) return '';
  const [x, y] = sample;
  if (Math.abs(x) <= 180 && Math.abs(y) <= 90) return '坐标形如经纬度(如 EPSG:4490 或 EPSG:4326)';
  const zone = Math.floor(x / 1_000_000);
  if (zone >= 25 && zone <= 45 && y > 0 && y < 6_000_000) return `坐标形如国家2000 3度带第 ${zone} 带投影坐标(EPSG:${4513 + zone - 25})`;
  if (x > 100_000 && x < 900_000 && y > 0 && y < 6_000_000) return '坐标形如不带带号的高斯-克吕格投影坐标(EPSG:4534–4554,须按中央经线选择)';
  return '';
}

/** Longitude/latitude inside China's extent: what a correctly transformed boundary of a county must have. */
export function insideChina(lon: number, lat: number): boolean {
  return lon >= 73 && lon <= 136 && lat >= 3 && lat <= 54;
}
