import { CATEGORIES, SOURCES, STATUSES } from '../cases/cases.enums.js';
import { DEFAULT_LIMIT, MAX_LIMIT } from './ogc.service.js';
import { PATCH_SOURCES, PATCH_STATUSES } from '../patches/patch.rules.js';
import { OUTPUT_CRS } from './ogc.crs.js';

const param = (name: string, description: string, schema: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
  style: 'form',
  explode: false,
  ...extra,
});
const common = [
  param('bbox', 'minLon,minLat,maxLon,maxLat (CRS84)', { type: 'array', minItems: 4, maxItems: 4, items: { type: 'number' } }),
  param('limit', `每页要素数(默认 ${DEFAULT_LIMIT},最多 ${MAX_LIMIT})`, { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT }),
  param('cursor', '下一页的位置(取自 next 链接)', { type: 'string' }),
  param('crs', '输出坐标系(OGC API – Features 第 2 部分):CRS84(默认,经度在前)、EPSG:4490(国家2000)、EPSG:4326,后两者纬度在前', { type: 'string', format: 'uri', enum: OUTPUT_CRS }),
  param('bbox-crs', 'bbox 的坐标系(同 crs 的可选值)', { type: 'string', format: 'uri', enum: OUTPUT_CRS }),
];
const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const geojson = (description: string) => ({ description, content: { 'application/geo+json': { schema: { type: 'object' } } } });
const errors = { '400': json('参数无效'), '401': json('需要登录(Bearer、会话 Cookie 或 HTTP Basic)'), '404': json('不存在或不在辖区内') };

/** The OpenAPI 3.0 document of /ogc (the landing page's `service-desc`): what OGC clients read to learn the query parameters. */
export function ogcOpenApi(base: string) {
  const caseParams = [
    ...common,
    param('datetime', '发现时间:RFC 3339 时间、日期或区间(a/b,..表示不限)', { type: 'string' }),
    param('status', '状态代码,逗号分隔', { type: 'string', enum: [...STATUSES] }),
    param('category', '类别代码,逗号分隔', { type: 'string', enum: [...CATEGORIES] }),
    param('source', '来源代码,逗号分隔', { type: 'string', enum: [...SOURCES] }),
    param('town', '镇(街道)区划代码', { type: 'string' }),
    param('village', '村(社区)区划代码', { type: 'string' }),
  ];
  const divisionParams = [...common, param('level', '层级:town、village', { type: 'string', enum: ['town', 'village'] })];
  const patchParams = [
    ...common,
    param('datetime', '发现(监测)日期:RFC 3339 日期、时间或区间(a/b,..表示不限)', { type: 'string' }),
    param('status', '核查状态:pending 待核查、submitted 待审核、verified 已核查,逗号分隔', { type: 'string', enum: [...PATCH_STATUSES] }),
    param('source', '来源:satellite 卫片、drone 无人机,逗号分隔', { type: 'string', enum: [...PATCH_SOURCES] }),
    param('town', '镇(街道)区划代码', { type: 'string' }),
    param('village', '村(社区)区划代码', { type: 'string' }),
  ];
  return {
    openapi: '3.0.3',
    info: { title: '无违建 OGC API – Features', version: '1.0.0', description: '违法建设案件、行政区划与变化图斑(只读,按登录用户的辖区)。' },
    servers: [{ url: `${base}/ogc` }],
    components: { securitySchemes: { basic: { type: 'http', scheme: 'basic' }, bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ basic: [] }, { bearer: [] }],
    paths: {
      '/': { get: { operationId: 'getLandingPage', summary: '首页', responses: { '200': json('首页与链接'), ...errors } } },
      '/conformance': { get: { operationId: 'getConformance', summary: '符合的标准类', responses: { '200': json('conformsTo') } } },
      '/collections': { get: { operationId: 'getCollections', summary: '要素集合', responses: { '200': json('集合列表') } } },
      '/collections/cases': { get: { operationId: 'describeCasesCollection', summary: '违法建设案件', responses: { '200': json('集合') } } },
      '/collections/cases/items': {
        get: { operationId: 'getCases', summary: '违法建设案件(要素)', parameters: caseParams, responses: { '200': geojson('FeatureCollection'), ...errors } },
      },
      '/collections/cases/items/{featureId}': {
        get: {
          operationId: 'getCase',
          summary: '一件案件',
          parameters: [{ name: 'featureId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': geojson('Feature'), ...errors },
        },
      },
      '/collections/divisions': { get: { operationId: 'describeDivisionsCollection', summary: '行政区划', responses: { '200': json('集合') } } },
      '/collections/divisions/items': {
        get: { operationId: 'getDivisions', summary: '行政区划(要素)', parameters: divisionParams, responses: { '200': geojson('FeatureCollection'), ...errors } },
      },
      '/collections/divisions/items/{featureId}': {
        get: {
          operationId: 'getDivision',
          summary: '一个区划',
          parameters: [{ name: 'featureId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': geojson('Feature'), ...errors },
        },
      },
      '/collections/patches': { get: { operationId: 'describePatchesCollection', summary: '变化图斑', responses: { '200': json('集合') } } },
      '/collections/patches/items': {
        get: { operationId: 'getPatches', summary: '变化图斑(要素)', parameters: patchParams, responses: { '200': geojson('FeatureCollection'), ...errors } },
      },
      '/collections/patches/items/{featureId}': {
        get: {
          operationId: 'getPatch',
          summary: '一个图斑',
          parameters: [{ name: 'featureId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': geojson('Feature'), ...errors },
        },
      },
    },
  };
}
