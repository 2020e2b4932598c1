/**
 * The API's types as the web apps use them: named views of web/src/api/schema.gen.ts, which
 * `npm run gen:api` generates from the routes' response schemas (never edit a copy by hand).
 * The vocabularies' codes come from shared/enums.ts, as on the server.
 */
import type { paths } from './schema.gen';

export {
  STATUSES,
  DISPOSAL_CLASSES,
  ORIGINS,
  SOURCES,
  LAND_TYPES,
  CATEGORIES,
  PHOTO_STAGES,
  type Role,
  type CaseStatus,
  type DisposalClass,
  type Origin,
  type CaseSource,
  type PhotoStage,
} from '../../../shared/enums';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** The body a route answers with a status (200 by default) in a content type (JSON by default). */
export type ApiBody<P extends keyof paths, M extends Method = 'get', S extends number = 200, C extends string = 'application/json'> = paths[P][M] extends { responses: infer R }
  ? S extends keyof R
    ? R[S] extends { content: infer K }
      ? C extends keyof K
        ? K[C]
        : never
      : never
    : never
  : never;

export type User = ApiBody<'/api/auth/me'>;
export type AppConfig = ApiBody<'/api/config'>;
export type Division = ApiBody<'/api/divisions'>['items'][number];

export type CaseList = ApiBody<'/api/cases'>;
export type CaseSummary = CaseList['items'][number];
export type CaseDetail = ApiBody<'/api/cases/{id}'>;
export type TimelineEvent = CaseDetail['timeline'][number];
export type Photo = CaseDetail['photos'][number];
/** What a photo proves, computed at upload (see docs/patrol.md). */
export type PhotoEvidence = NonNullable<Photo['evidence']>;
export type DuplicateCandidate = CaseDetail['duplicateCandidates'][number];
export type ExternalRef = CaseDetail['externalRefs'][number];
export type CaseTask = CaseDetail['tasks'][number];
export type SupervisionNotice = CaseDetail['notices'][number];
export type DisposalSuggestion = CaseDetail['suggestion'];

export type TodoList = ApiBody<'/api/todo'>;
export type TodoItem = TodoList['items'][number];
export type AppNotification = ApiBody<'/api/notifications'>['items'][number];

export interface GeoJSONGeometry {
  type: string;
  coordinates: unknown;
}

export interface GeoJSONFeature<P = Record<string, unknown>> {
  type: 'Feature';
  id?: string | number;
  geometry: GeoJSONGeometry | null;
  properties: P;
}

export interface GeoJSONFeatureCollection<P = Record<string, unknown>> {
  type: 'FeatureCollection';
  features: GeoJSONFeature<P>[];
  numberMatched?: number;
  numberReturned?: number;
}
