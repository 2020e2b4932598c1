import { Type, type Static, type TSchema, type TUnsafe } from 'typebox';
import { badRequest } from './errors.js';

export const Uuid = Type.String({ format: 'uuid', description: 'UUID' });
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: 'stable English error code, e.g. case.invalid_transition' }),
    message: Type.String({ description: 'human message (zh-CN)' }),
    details: Type.Any(),
  },
  { description: 'Error' },
);
/**
 * A value or null. A schema with one plain `type` becomes `type: [type, 'null']`: the response serialiser
 * then writes the value as it is instead of testing it against each branch of an `anyOf`.
 */
export const Nullable = <T extends TSchema>(t: T): TUnsafe<Static<T> | null> => {
  const plain = JSON.parse(JSON.stringify(t)) as { type?: unknown; enum?: unknown[] };
  if (typeof plain.type === 'string') return Type.Unsafe<Static<T> | null>({ ...plain, type: [plain.type, 'null'], ...(plain.enum ? { enum: [...plain.enum, null] } : {}) });
  return Type.Unsafe<Static<T> | null>(Type.Union([t, Type.Null()]));
};
/** One of a list of codes (a plain string enum, so the serialiser writes it as it is). */
export const Enum = <const V extends readonly string[]>(vals: V, description?: string) =>
  Type.Unsafe<V[number]>({ type: 'string', enum: [...vals], ...(description ? { description } : {}) });
/** A moment (ISO 8601): the serialiser writes a Date by toISOString, as JSON.stringify would, so handlers may return either. */
export const DateTime = (description?: string) => Type.Unsafe<string | Date>({ type: 'string', format: 'date-time', ...(description ? { description } : {}) });
/** A GeoJSON geometry (WGS84). */
export const Geometry = Type.Object({ type: Type.String(), coordinates: Type.Any() }, { additionalProperties: true, description: 'GeoJSON geometry, WGS84' });
/** A GeoJSON FeatureCollection whose features carry `properties` of the given shape. */
export const FeatureCollection = <P extends TSchema>(properties: P, description: string) =>
  Type.Object(
    {
      type: Type.Literal('FeatureCollection'),
      features: Type.Array(Type.Object({ type: Type.Literal('Feature'), id: Type.Optional(Type.Union([Type.String(), Type.Number()])), geometry: Nullable(Geometry), properties })),
    },
    { description },
  );
/** A JSON body the service sends as text it has already written (e.g. GeoJSON built by the database): documented by its shape. */
export const Prewritten = <T extends TSchema>(t: T) => Type.Unsafe<string>(JSON.parse(JSON.stringify(t)));
/** A file sent as it is (`content` of a response in the OpenAPI document). */
export const File = (contentType: string, description: string) => ({ description, content: { [contentType]: { schema: { type: 'string', format: 'binary' } } } });
/** `{ ok: true }` */
export const OkBody = Type.Object({ ok: Type.Literal(true) }, { description: 'done' });

/** The error shape of each 4xx, for every route's `response`; each route adds its own success bodies. */
export const errorResponses = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
/** The login's own refusals besides those: a locked account (423) and an address that failed too often (429, with Retry-After). */
export const loginErrorResponses = { ...errorResponses, 423: ErrorBody, 429: ErrorBody };

/** A comma-separated list of enum codes from a query string, each checked. */
export function csvEnum(field: string, raw: string | undefined, allowed: readonly string[]): string[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  const vals = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = vals.filter((v) => !allowed.includes(v));
  if (bad.length) throw badRequest('validation_failed', `${field} 的取值无效: ${bad.join(', ')}`, [{ field, message: `allowed: ${allowed.join(', ')}` }]);
  return vals;
}

/** "minLon,minLat,maxLon,maxLat" → numbers, validated. */
export function parseBbox(raw: string | undefined): [number, number, number, number] | undefined {
  if (raw === undefined || raw === '') return undefined;
  const p = raw.split(',').map(Number);
  const ok = p.length === 4 && p.every(Number.isFinite) && p[0] >= -180 && p[2] <= 180 && p[1] >= -90 && p[3] <= 90 && p[0] <= p[2] && p[1] <= p[3];
  if (!ok) throw badRequest('validation_failed', 'bbox 须为 minLon,minLat,maxLon,maxLat', [{ field: 'bbox', message: 'expected minLon,minLat,maxLon,maxLat in WGS84' }]);
  return p as [number, number, number, number];
}
