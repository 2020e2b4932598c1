import { createHmac, randomBytes } from 'node:crypto';
import type { Actor } from '../../platform/auth.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { csvEnum } from '../../platform/schemas.js';
import type { CasesService } from '../cases/cases.service.js';
import type { UsersService } from '../users/users.service.js';
import { CATEGORIES, SOURCES, STATUSES } from '../cases/cases.enums.js';
import { caseFeature, divisionFeature } from './ogc.presenter.js';
import { parseDatetime } from './ogc.params.js';
import type { OgcCaseFilter, OgcRepo } from './ogc.repo.js';
import { parseBbox } from '../../platform/schemas.js';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
/** A checked Basic credential is reused this long (one login, one audit entry, per client session rather than per request). */
const BASIC_REUSE_MS = 5 * 60_000;
const BASIC_CACHE_MAX = 500;

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
];

export type CollectionId = 'cases' | 'divisions';
const COLLECTIONS: Record<CollectionId, { title: string; description: string }> = {
  cases: { title: '违法建设案件', description: '辖区内的违法建设案件(点,WGS84),含状态、类别、镇村名称、发现时间、面积;不含当事人身份证号和电话。' },
  divisions: { title: '行政区划', description: '辖区内的镇(街道)与村(社区)边界(面,WGS84)。' },
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
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * OGC API – Features (Part 1: core, GeoJSON, OpenAPI 3.0) over the registry, for QGIS and GDAL: the cases through
 * the case list's own filter and jurisdiction, the division boundaries of the user's subtree. Read only.
 */
export function ogcService(deps: { repo: OgcRepo; cases: CasesService; users: UsersService }) {
  const { repo, cases, users } = deps;
  const basicKey = randomBytes(32);
  const basicSessions = new Map<string, { token: string; until: number }>();

  const link = (href: string, rel: string, type: string, title?: string) => ({ href, rel, type, ...(title ? { title } : {}) });
  const known = (id: string): CollectionId => {
    if (id === 'cases' || id === 'divisions') return id;
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
    return {
      id,
      title: COLLECTIONS[id].title,
      description: COLLECTIONS[id].description,
      itemType: 'feature',
      crs: [CRS84],
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
        description: '违法建设案件与行政区划,供 QGIS、GDAL 等 GIS 软件读取(只读,按登录用户的辖区)。',
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
        collections: [await collection(actor, 'cases', base), await collection(actor, 'divisions', base)],
      };
    },
    collection: (actor: Actor, id: string, base: string) => collection(actor, known(id), base),

    async items(actor: Actor, rawId: string, q: ItemsQuery, base: string) {
      const id = known(rawId);
      const { limit, after } = page(q);
      let features: ReturnType<typeof caseFeature>[] | ReturnType<typeof divisionFeature>[];
      let matched: number;
      let last: string | null = null;
      if (id === 'cases') {
        if (after && !UUID.test(after)) throw badRequest('validation_failed', 'cursor 无效', [{ field: 'cursor', message: 'expected the cursor of a next link' }]);
        const f = await caseFilter(actor, q);
        const [rows, n] = await Promise.all([repo.casePage(f, after, limit), repo.caseCount(f)]);
        features = rows.map(caseFeature);
        matched = n;
        if (rows.length === limit) last = rows[rows.length - 1].id;
      } else {
        const bbox = parseBbox(q.bbox);
        const level = csvEnum('level', q.level, ['town', 'village']);
        const [rows, n] = await Promise.all([repo.divisionPage(actor.divisionPath, bbox, level, after, limit), repo.divisionCount(actor.divisionPath, bbox, level)]);
        features = rows.map(divisionFeature);
        matched = n;
        if (rows.length === limit) last = rows[rows.length - 1].path;
      }
      const links = [link(selfHref(base, id, q), 'self', 'application/geo+json'), link(`${base}/ogc/collections/${id}`, 'collection', 'application/json')];
      if (last) links.push(link(nextHref(base, id, q, last, limit), 'next', 'application/geo+json', '下一页'));
      return { type: 'FeatureCollection' as const, numberMatched: matched, numberReturned: features.length, timeStamp: new Date().toISOString(), features, links };
    },

    async item(actor: Actor, rawId: string, featureId: string, base: string) {
      const id = known(rawId);
      let feature: ReturnType<typeof caseFeature> | ReturnType<typeof divisionFeature> | null = null;
      if (id === 'cases') {
        const row = UUID.test(featureId) ? await repo.caseById(await cases.resolveFilter(actor, {}), featureId) : undefined;
        feature = row ? caseFeature(row) : null;
      } else {
        const row = await repo.divisionByCode(actor.divisionPath, featureId);
        feature = row ? divisionFeature(row) : null;
      }
      if (!feature) throw notFound('要素', 'ogc.feature_not_found');
      return {
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
