import { Type, type TSchema } from 'typebox';
import { badRequest } from './errors.js';

export const Uuid = Type.String({ format: 'uuid', description: 'UUID' });
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const ErrorBody = Type.Object(
  { code: Type.String({ description: 'stable English error code, e.g. case.invalid_transition' }), message: Type.String({ description: 'human message (zh-CN)' }), details: Type.Any() },
  { description: 'Error' },
);
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Ok = Type.Any({ description: 'OK' });
/** Response schemas for the OpenAPI document: any success body, and the error shape for each 4xx. */
export const errors = { 200: Ok, 201: Ok, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

/** A comma-separated list of enum codes from a query string, each checked. */
export function csvEnum(field: string, raw: string | undefined, allowed: readonly string[]): string[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  const vals = raw.split(',').map((s) => s.trim()).filter(Boolean);
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
