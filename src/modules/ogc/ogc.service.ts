import { createHmac, randomBytes } from 'node:crypto';
import type { Actor } from '../../platform/auth.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { csvEnum } from '../../platform/schemas.js';
import type { CasesService } from '../cases/cases.service.js';
import type { UsersService } from '../users/users.service.js';
import type { AuditService } from '../audit/audit.service.js';
import { CATEGORIES, SOURCES, STATUSES } from '../cases/cases.enums.js';
import { PATCH_SOURCES, PATCH_STATUSES } from '../patches/patch.rules.js';
import { parseDatetime } from './ogc.params.js';
import type { FeaturePage, OgcCaseFilter, OgcRepo } from './ogc.repo.js';
import { parseBbox } from '../../platform/schemas.js';
import { bboxToCrs84, CRS84, ogcCrs, OUTPUT_CRS } from './ogc.crs.js';

export { CRS84 };
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
/** A checked Basic credential is reused this long (one login, one audit entry, per client session rather than per request). */
const BASIC_REUSE_MS = 5 * 60_000;
const BASIC_CACHE_MAX = 500;

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
];

export type CollectionId = 'cases' | 'divisions' | 'patches';
const COLLECTIONS: Record<CollectionId, { title: string; description: string }> = {
  cases: { title: '违法建设案件', description: '辖区内的违法建设案件(点,WGS84),含状态、类别、镇村名称、发现时间、面积;不含当事人身份证号和电话。' },
  divisions: { title: '行政区划', description: '辖区内的镇(街道)与村(社区)边界(面,WGS84)。' },
  patches: {
    title: '变化图斑',
    description: '辖区内导入的卫片、无人机变化图斑(面,WGS84),含批次号、发现日期、核查期限、核查状态与结论、所在镇村、关联案件编号。datetime 按发现日期筛选。',
  },
};

export interface ItemsQuery {
  bbox?: string;
  datetime?: string;
  limit?: number;
  cursor?: string;
  status?: string;
  category?: string;
  source?: string;
  town?: string;
  village?: string;
  level?: string;
  crs?: string;
  'bbox-crs'?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * OGC API – Features (Part 1: core, GeoJSON, OpenAPI 3.0) over the registry, for QGIS and GDAL: the cases through
 * the case list's own filter and jurisdiction, the division boundaries of the user's subtree. Read only.
 */
export function ogcService(deps: { repo: OgcRepo; cases: CasesService; users: UsersService; audit: Pick<AuditService, 'append'> }) {
  const { repo, cases, users, audit } = deps;
  const basicKey = randomBytes(32);
  const basicSessions = new Map<string, { token: string; until: number }>();

  const link = (href: string, rel: string, type: string, title?: string) => ({ href, rel, type, ...(title ? { title } : {}) });
  const known = (id: string): CollectionId => {
    if (id === 'cases' || id === 'divisions' || id === 'patches') return id;
    throw notFound('要素集合', 'ogc.collection_not_found');
  };

  async function collection(actor: Actor, id: CollectionId, base: string) {
    const bbox = await repo.extent(actor.divisionPath);
    const extent: { spatial: { bbox: number[][]; crs: string }; temporal?: { interval: (string | null)[][]; trs: string } } = {
      spatial: { bbox: [bbox ?? [-180, -90, 180, 90]], crs: CRS84 },
    };
    if (id === 'cases') {
      const r = await repo.foundRange(actor.divisionPath);
      extent.temporal = {
        interval: [[r.first ? new Date(r.first).toISOString() : null, r.last ? new Date(r.last).toISOString() : null]],
        trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian',
      };
    }
    if (id === 'patches') {
      const r = await repo.patchRange(actor.divisionPath);
      const dayStart = (d: string | null) => (d ? new Date(`${d}T00:00:00+08:00`).toISOString() : null);
      extent.temporal = { interval: [[dayStart(r.first), dayStart(r.last)]], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' };
    }
    return {
      id,
      title: COLLECTIONS[id].title,
      description: COLLECTIONS[id].description,
      itemType: 'feature',
      crs: OUTPUT_CRS,
      storageCrs: CRS84,
      extent,
      links: [
        link(`${base}/ogc/collections/${id}`, 'self', 'application/json', COLLECTIONS[id].title),
        link(`${base}/ogc/collections/${id}/items`, 'items', 'application/geo+json', `${COLLECTIONS[id].title}(要素)`),
      ],
    };
  }

  /** The query's page: `limit` clamped to 1…MAX_LIMIT, the next page's link carrying the last id (keyset). */
  function page(q: ItemsQuery) {
    return { limit: Math.min(Math.max(q.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT), after: q.cursor || null };
  }
  function nextHref(base: string, id: string, q: ItemsQuery, cursor: string, limit: number) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '' && k !== 'cursor' && k !== 'limit') params.set(k, String(v));
    params.set('limit', String(limit));
    params.set('cursor', cursor);
    return `${base}/ogc/collections/${id}/items?${params}`;
  }
  function selfHref(base: string, id: string, q: ItemsQuery) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
    const s = params.toString();
    return `${base}/ogc/collections/${id}/items${s ? `?${s}` : ''}`;
  }

  async function caseFilter(actor: Actor, q: ItemsQuery): Promise<OgcCaseFilter> {
    const time = parseDatetime(q.datetime);
    const shared = await cases.resolveFilter(actor, {
      bbox: parseBbox(q.bbox),
      status: csvEnum('status', q.status, STATUSES),
      source: csvEnum('source', q.source, SOURCES),
      foundFrom: time.from,
      foundTo: time.to,
    });
    return { ...shared, category: csvEnum('category', q.category, CATEGORIES), townCode: q.town || undefined, villageCode: q.village || undefined };
  }

  return {
    landing(base: string) {
      return {
        title: '无违建 OGC API – Features',
        description: '违法建设案件、行政区划与变化图斑,供 QGIS、GDAL 等 GIS 软件读取(只读,按登录用户的辖区)。',
        links: [
          link(`${base}/ogc`, 'self', 'application/json', '本页'),
          link(`${base}/ogc/api`, 'service-desc', 'application/vnd.oai.openapi+json;version=3.0', 'OpenAPI 3.0 接口说明'),
          link(`${base}/ogc/conformance`, 'conformance', 'application/json', '符合的标准类'),
          link(`${base}/ogc/collections`, 'data', 'application/json', '要素集合'),
        ],
      };
    },
    conformance: () => ({ conformsTo: CONFORMANCE }),
    async collections(actor: Actor, base: string) {
      return {
        links: [link(`${base}/ogc/collections`, 'self', 'application/json')],
        collections: [await collection(actor, 'cases', base), await collection(actor, 'divisions', base), await collection(actor, 'patches', base)],
      };
    },
    collection: (actor: Actor, id: string, base: string) => collection(actor, known(id), base),

    async items(actor: Actor, rawId: string, query: ItemsQuery, base: string) {
      const id = known(rawId);
      const out = ogcCrs('crs', query.crs);
      // Part 2: a bbox in a latitude-first CRS is turned to CRS84 for the filters (the links keep the query as given)
      const q = { ...query, bbox: bboxToCrs84(query.bbox, ogcCrs('bbox-crs', query['bbox-crs']).latFirst) };
      const { limit, after } = page(q);
      let features: FeaturePage;
      let matched: number;
      if (id === 'cases') {
        if (after && !UUID.test(after)) throw badRequest('validation_failed', 'cursor 无效', [{ field: 'cursor', message: 'expected the cursor of a next link' }]);
        const f = await caseFilter(actor, q);
        [features, matched] = await Promise.all([repo.casePage(f, after, limit, out.latFirst), repo.caseCount(f)]);
      } else if (id === 'patches') {
        if (after && !UUID.test(after)) throw badRequest('validation_failed', 'cursor 无效', [{ field: 'cursor', message: 'expected the cursor of a next link' }]);
        const time = parseDatetime(q.datetime);
        const f = {
          scopePath: actor.divisionPath,
          bbox: parseBbox(q.bbox),
          from: time.from,
          to: time.to,
          status: csvEnum('status', q.status, PATCH_STATUSES),
          source: csvEnum('source', q.source, PATCH_SOURCES),
          townCode: q.town || undefined,
          villageCode: q.village || undefined,
        };
        [features, matched] = await Promise.all([repo.patchPage(f, after, limit, out.latFirst), repo.patchCount(f)]);
      } else {
        const bbox = parseBbox(q.bbox);
        const level = csvEnum('level', q.level, ['town', 'village']);
        [features, matched] = await Promise.all([
          repo.divisionPage(actor.divisionPath, bbox, level, after, limit, out.latFirst),
          repo.divisionCount(actor.divisionPath, bbox, level),
        ]);
      }
      // a page of cases or patches read by a GIS client is an export: who, which collection and filter, how many features
      if (id !== 'divisions') {
        const { cursor: _cursor, ...filter } = query;
        await audit.append(actor, {
          action: 'ogc.export',
          entity: id === 'cases' ? 'case' : 'patch',
          entityId: null,
          after: { collection: id, count: features.n, matched, page: after ? 'next' : 'first', filter },
        });
      }
      const links = [link(selfHref(base, id, query), 'self', 'application/geo+json'), link(`${base}/ogc/collections/${id}`, 'collection', 'application/json')];
      if (features.n === limit && features.last) links.push(link(nextHref(base, id, query, features.last, limit), 'next', 'application/geo+json', '下一页'));
      // the features are the database's GeoJSON text, spliced in as they are (no object per feature: docs/ogc.md)
      const head = JSON.stringify({ type: 'FeatureCollection', numberMatched: matched, numberReturned: features.n, timeStamp: new Date().toISOString() });
      return { body: `${head.slice(0, -1)},"features":${features.features},"links":${JSON.stringify(links)}}`, contentCrs: out.uri };
    },

    async item(actor: Actor, rawId: string, featureId: string, base: string, crs?: string) {
      const id = known(rawId);
      const out = ogcCrs('crs', crs);
      let found: FeaturePage | null = null;
      if (id === 'cases') {
        if (UUID.test(featureId)) found = await repo.caseById(await cases.resolveFilter(actor, {}), featureId, out.latFirst);
      } else if (id === 'patches') {
        if (UUID.test(featureId)) found = await repo.patchById(actor.divisionPath, featureId, out.latFirst);
      } else {
        found = await repo.divisionByCode(actor.divisionPath, featureId, out.latFirst);
      }
      if (!found?.n) throw notFound('要素', 'ogc.feature_not_found');
      const [feature] = JSON.parse(found.features) as [{ type: 'Feature'; id: string; geometry: unknown; properties: Record<string, unknown> }];
      return {
        contentCrs: out.uri,
        ...feature,
        links: [
          link(`${base}/ogc/collections/${id}/items/${encodeURIComponent(featureId)}`, 'self', 'application/geo+json'),
          link(`${base}/ogc/collections/${id}`, 'collection', 'application/json'),
        ],
      };
    },

    /**
     * The user of an `Authorization: Basic` header (desktop GIS clients): checked by the login service itself
     * (its lockout, address limit and audit), and the session it opens is reused for BASIC_REUSE_MS so a map
     * that asks for hundreds of pages is one login, not hundreds. A wrong password is never remembered.
     */
    async actorForBasic(header: string | undefined, address: string): Promise<Actor | null> {
      const m = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
      if (!m) return null;
      const text = Buffer.from(m[1], 'base64').toString('utf8');
      const colon = text.indexOf(':');
      if (colon < 1) return null;
      const username = text.slice(0, colon);
      const password = text.slice(colon + 1);
      const key = createHmac('sha256', basicKey).update(`${username}\u0000${password}`).digest('base64');
      const now = Date.now();
      const seen = basicSessions.get(key);
      if (seen && seen.until > now) {
        const actor = await users.actorForToken(seen.token);
        if (actor) return actor;
      }
      basicSessions.delete(key);
      const { token } = await users.login(username, password, address);
      if (basicSessions.size >= BASIC_CACHE_MAX) basicSessions.delete(basicSessions.keys().next().value!);
      basicSessions.set(key, { token, until: now + BASIC_REUSE_MS });
      return users.actorForToken(token);
    },
  };
}
export type OgcService = ReturnType<typeof ogcService>;
