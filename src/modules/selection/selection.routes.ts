import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../platform/http.js';
import { errorResponses, File, parseBbox } from '../../platform/schemas.js';
import { CaseMap, CaseMapLegend, CasePatches } from './selection.schemas.js';
import { CaseFilterProps, filterFromQuery } from '../cases/cases.filter.js';
import { EXPORT_MAX, PATCH_LIMIT, POINT_LIMIT, type SelectionService } from './selection.service.js';

const MapQuery = Type.Object(
  {
    ...CaseFilterProps,
    view: Type.String({ maxLength: 100, description: "the map's viewport: minLon,minLat,maxLon,maxLat (WGS84)" }),
    zoom: Type.Number({ minimum: 0, maximum: 24, description: 'the map zoom (Web Mercator level): sets the cluster cell size' }),
    maxPoints: Type.Optional(Type.Integer({ minimum: 0, maximum: POINT_LIMIT, description: `points up to this many cases in view (default ${POINT_LIMIT}), clusters above` })),
    legend: Type.Optional(
      Type.Boolean({
        description: 'with the legend (`total`, `byStatus`; the default); `false`: the view only (the legend changes with the filters, not the view: `GET /api/cases/map/legend`)',
      }),
    ),
  },
  { additionalProperties: false },
);
const FilterQuery = Type.Object(CaseFilterProps, { additionalProperties: false });
const GisFileQuery = Type.Object(
  {
    ...CaseFilterProps,
    crs: Type.Optional(
      Type.String({
        pattern: '^((EPSG:|epsg:)?[0-9]{4}|gk3)$',
        description:
          "the output CRS: `EPSG:4490` (CGCS2000 longitude/latitude, the default), `EPSG:4326` (WGS84), or a CGCS2000 3-degree Gauss-Krüger zone: `EPSG:4513`–`EPSG:4533` (zone number in front of the easting, e.g. `EPSG:4528` for zone 40, 120°E) or `EPSG:4534`–`EPSG:4554` (without it); `gk3`: the 3-degree zone (number in front) of the cases' mean longitude",
      }),
    ),
  },
  { additionalProperties: false },
);

/** A file name a download keeps: 无违建-案件-2026-11-27.xlsx (RFC 5987 for the Chinese part). */
function attachment(ext: string) {
  const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const name = `无违建-案件-${day}.${ext}`;
  return `attachment; filename="cases-${day}.${ext}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function selectionRoutes(app: FastifyInstance, { selection }: { selection: SelectionService }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/cases/map',
    {
      config: { access: 'session' },
      schema: {
        tags: ['cases'],
        summary: "Cases for the map's viewport: every point, or clusters when there are many",
        description:
          `The list's filters apply (the same query string), inside your jurisdiction. Up to ${POINT_LIMIT} cases in \`view\`: \`mode: "points"\`; ` +
          'more: `mode: "clusters"` on a grid of ~56 px cells at `zoom`, each with its count, centre (mean of its cases) and extent (zoom to it to split it). ' +
          '`byStatus` and `total` count the whole selection, not only the view (left out with `legend=false`).',
        querystring: MapQuery,
        response: { ...errorResponses, 200: CaseMap },
      },
    },
    async (req) => {
      const { view, zoom, maxPoints, legend, ...filters } = req.query;
      return selection.map(actorOf(req), filterFromQuery(filters), { bbox: parseBbox(view)!, zoom, maxPoints: maxPoints ?? POINT_LIMIT, legend });
    },
  );

  r.get(
    '/api/cases/map/legend',
    {
      config: { access: 'session' },
      schema: {
        tags: ['cases'],
        summary: "The map's legend: the selection counted by status",
        description: "The list's filters apply (the same query string), inside your jurisdiction. `total` and `byStatus` as in `GET /api/cases/map`, without the view.",
        querystring: FilterQuery,
        response: { ...errorResponses, 200: CaseMapLegend },
      },
    },
    async (req) => selection.legend(actorOf(req), filterFromQuery(req.query)),
  );

  r.get(
    '/api/cases/patches',
    {
      config: { access: 'session' },
      schema: {
        tags: ['cases', 'gis'],
        summary: 'Change patches (变化图斑) in the view: footprints of cases found by satellite or drone, as GeoJSON',
        description: `The list's filters apply, inside your jurisdiction; at most ${PATCH_LIMIT} patches, largest first.`,
        querystring: Type.Object(
          { ...CaseFilterProps, view: Type.String({ maxLength: 100, description: "the map's viewport: minLon,minLat,maxLon,maxLat (WGS84)" }) },
          { additionalProperties: false },
        ),
        response: { ...errorResponses, 200: { description: 'Change patches (GeoJSON)', content: { 'application/geo+json': { schema: CasePatches } } } },
      },
    },
    async (req, reply) => {
      const { view, ...filters } = req.query;
      reply.type('application/geo+json');
      return selection.patches(actorOf(req), filterFromQuery(filters), parseBbox(view)!);
    },
  );

  r.get(
    '/api/cases/export.xlsx',
    {
      config: { access: 'session' },
      schema: {
        tags: ['cases'],
        summary: 'The filtered cases as an Excel workbook (zh-CN headers)',
        description: `The list's filters (same query string), inside your jurisdiction; at most ${EXPORT_MAX} cases (more is a 400 \`selection.too_many\`). Recorded on the audit trail. \`X-Total-Count\` tells the rows to come.`,
        querystring: FilterQuery,
        response: { ...errorResponses, 200: File('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'The cases (.xlsx)') },
      },
    },
    async (req, reply) => {
      const { count, stream } = await selection.excel(actorOf(req), filterFromQuery(req.query));
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', attachment('xlsx'));
      reply.header('x-total-count', String(count));
      return reply.send(stream);
    },
  );

  r.get(
    '/api/cases/export.shp.zip',
    {
      config: { access: 'session' },
      schema: {
        tags: ['cases', 'gis'],
        summary: 'The filtered cases as a zipped ESRI Shapefile of points (.shp .shx .dbf .prj .cpg)',
        description:
          `The list's filters, inside your jurisdiction; at most ${EXPORT_MAX} cases. Recorded on the audit trail (format, rows, filter, CRS). ` +
          'Attributes in UTF-8 (.cpg); the .dbf field names are short English names (≤ 10 characters), `fields.txt` in the zip gives each its zh-CN title (the table is in docs/ogc.md). ' +
          'No owner’s name, ID number or phone. `crs` chooses the coordinate system, declared in the .prj.',
        querystring: GisFileQuery,
        response: { ...errorResponses, 200: File('application/zip', 'The cases as a zipped Shapefile') },
      },
    },
    async (req, reply) => {
      const { crs, ...filters } = req.query;
      const { count, body } = await selection.gisFile(actorOf(req), filterFromQuery(filters), 'shp', crs);
      reply.header('content-type', 'application/zip');
      reply.header('content-disposition', attachment('shp.zip'));
      reply.header('x-total-count', String(count));
      return reply.send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    },
  );

  r.get(
    '/api/cases/export.gpkg',
    {
      config: { access: 'session' },
      schema: {
        tags: ['cases', 'gis'],
        summary: 'The filtered cases as an OGC GeoPackage (.gpkg, layer `cases`, points)',
        description:
          `The list's filters, inside your jurisdiction; at most ${EXPORT_MAX} cases. Recorded on the audit trail (format, rows, filter, CRS). ` +
          'The same fields as the Shapefile export; no owner’s name, ID number or phone. `crs` chooses the coordinate system.',
        querystring: GisFileQuery,
        response: { ...errorResponses, 200: File('application/geopackage+sqlite3', 'The cases as a GeoPackage') },
      },
    },
    async (req, reply) => {
      const { crs, ...filters } = req.query;
      const { count, body } = await selection.gisFile(actorOf(req), filterFromQuery(filters), 'gpkg', crs);
      reply.header('content-type', 'application/geopackage+sqlite3');
      reply.header('content-disposition', attachment('gpkg'));
      reply.header('x-total-count', String(count));
      return reply.send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    },
  );

  const DivisionsFileQuery = Type.Object(
    {
      level: Type.Optional(Type.Union([Type.Literal('town'), Type.Literal('village')], { description: 'Shapefile: towns or villages (default village); a GeoPackage holds both' })),
      crs: GisFileQuery.properties.crs,
    },
    { additionalProperties: false },
  );
  const divisionsFile = (format: 'shp' | 'gpkg', contentType: string, ext: string) =>
    r.get(
      `/api/divisions/export.${ext}`,
      {
        config: { access: 'session' },
        schema: {
          tags: ['gis'],
          summary:
            format === 'shp'
              ? 'The towns’ or villages’ boundaries of your jurisdiction as a zipped Shapefile'
              : 'The towns’ and villages’ boundaries of your jurisdiction as a GeoPackage (layers towns, villages)',
          description:
            'Fields CODE, NAME, SHORT_NAME, LEVEL, PARENT, PARENT_ZH, POP, AREA_KM2 (zh-CN titles in the zip’s fields.txt and docs/ogc.md). `crs` as for the case exports (default CGCS2000 lon/lat; `gk3`: the boundaries’ 3-degree zone). Recorded on the audit trail.',
          querystring: DivisionsFileQuery,
          response: { ...errorResponses, 200: File(contentType, 'The boundaries') },
        },
      },
      async (req, reply) => {
        const level = req.query.level ?? 'village';
        const { count, body } = await selection.divisionsFile(actorOf(req), format, level, req.query.crs);
        const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
        const name = `无违建-行政区划${format === 'shp' ? (level === 'town' ? '-镇街' : '-村社区') : ''}-${day}.${ext}`;
        reply.header('content-type', contentType);
        reply.header('content-disposition', `attachment; filename="divisions-${day}.${ext}"; filename*=UTF-8''${encodeURIComponent(name)}`);
        reply.header('x-total-count', String(count));
        return reply.send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
      },
    );
  divisionsFile('shp', 'application/zip', 'shp.zip');
  divisionsFile('gpkg', 'application/geopackage+sqlite3', 'gpkg');

  r.get(
    '/api/cases/export.geojson',
    {
      config: { access: 'session' },
      schema: {
        tags: ['cases', 'gis'],
        summary: 'The filtered cases as a GeoJSON FeatureCollection of points (WGS84)',
        description: `The list's filters, inside your jurisdiction; at most ${EXPORT_MAX} cases. Recorded on the audit trail. Opens in GDAL/QGIS (\`ogrinfo\`).`,
        querystring: FilterQuery,
        response: { ...errorResponses, 200: File('application/geo+json', 'The cases as a GeoJSON FeatureCollection of points') },
      },
    },
    async (req, reply) => {
      const { count, stream } = await selection.geojson(actorOf(req), filterFromQuery(req.query));
      reply.header('content-type', 'application/geo+json; charset=utf-8');
      reply.header('content-disposition', attachment('geojson'));
      reply.header('x-total-count', String(count));
      return reply.send(stream);
    },
  );
}
