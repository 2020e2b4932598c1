/**
 * The coordinate systems an export can be written in, with the text that declares them: ESRI WKT for a
 * Shapefile's .prj (what ArcGIS writes and GDAL/QGIS read) and OGC WKT for a GeoPackage's
 * gpkg_spatial_ref_sys. The product stores WGS84 longitude/latitude; CGCS2000 (EPSG:4490) agrees with it to a
 * few centimetres, far below what a case's GPS fix knows, so EPSG:4490 output is the stored coordinates under
 * the CGCS2000 name (as the boundary import reads CGCS2000 as WGS84: src/modules/setup/boundary.crs.ts).
 * Gauss-Krüger 3-degree zones (EPSG:4513–4533 with the zone number in front of the easting, EPSG:4534–4554
 * without) are projected with proj4.
 */
import proj4 from 'proj4';

export interface OutputCrs {
  /** EPSG code */
  epsg: number;
  /** zh-CN, for the export's notes */
  label: string;
  geographic: boolean;
  esriWkt: string;
  ogcWkt: string;
  /** the OGC name (gpkg_spatial_ref_sys.srs_name) */
  name: string;
  /** WGS84 lon/lat → x, y in this CRS */
  project: (lon: number, lat: number) => [number, number];
}

const CGCS_GEOG_ESRI =
  'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const CGCS_GEOG_OGC =
  'GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4490"]]';
const WGS84_ESRI = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
export const WGS84_OGC =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]';

const same = (lon: number, lat: number): [number, number] => [lon, lat];

/** The 3-degree Gauss-Krüger zone (25–45) whose central meridian is nearest to a longitude. */
export const gk3Zone = (lon: number) => Math.round(lon / 3);

/** The output CRS of an EPSG code, or null when exports do not offer it. */
export function outputCrs(epsg: number): OutputCrs | null {
  if (epsg === 4490)
    return {
      epsg,
      label: '国家2000 经纬度(CGCS2000,EPSG:4490)',
      name: 'China Geodetic Coordinate System 2000',
      geographic: true,
      esriWkt: CGCS_GEOG_ESRI,
      ogcWkt: CGCS_GEOG_OGC,
      project: same,
    };
  if (epsg === 4326) return { epsg, label: 'WGS84 经纬度(EPSG:4326)', name: 'WGS 84', geographic: true, esriWkt: WGS84_ESRI, ogcWkt: WGS84_OGC, project: same };
  let zone: number | null = null;
  let cm: number;
  if (epsg >= 4513 && epsg <= 4533) {
    zone = epsg - 4513 + 25;
    cm = zone * 3;
  } else if (epsg >= 4534 && epsg <= 4554) cm = 75 + (epsg - 4534) * 3;
  else return null;
  const falseEasting = zone === null ? 500_000 : zone * 1_000_000 + 500_000;
  const esriName = zone === null ? `CGCS2000_3_Degree_GK_CM_${cm}E` : `CGCS2000_3_Degree_GK_Zone_${zone}`;
  const name = zone === null ? `CGCS2000 / 3-degree Gauss-Kruger CM ${cm}E` : `CGCS2000 / 3-degree Gauss-Kruger zone ${zone}`;
  const p = proj4('EPSG:4326', `+proj=tmerc +lat_0=0 +lon_0=${cm} +k=1 +x_0=${falseEasting} +y_0=0 +ellps=GRS80 +units=m +no_defs`);
  return {
    epsg,
    label: zone === null ? `国家2000 3度带高斯-克吕格,中央经线 ${cm}°E(EPSG:${epsg})` : `国家2000 3度带高斯-克吕格第 ${zone} 带,带号在前(EPSG:${epsg})`,
    name,
    geographic: false,
    esriWkt:
      `PROJCS["${esriName}",${CGCS_GEOG_ESRI},PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",${falseEasting.toFixed(1)}],PARAMETER["False_Northing",0.0],` +
      `PARAMETER["Central_Meridian",${cm.toFixed(1)}],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`,
    ogcWkt:
      `PROJCS["${name}",${CGCS_GEOG_OGC},PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",${cm}],` +
      `PARAMETER["scale_factor",1],PARAMETER["false_easting",${falseEasting}],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AUTHORITY["EPSG","${epsg}"]]`,
    project: (lon, lat) => p.forward([lon, lat]) as [number, number],
  };
}
