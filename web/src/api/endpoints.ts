import { api, buildQuery, dropPrefetched, type QueryValue } from './client';
import type { ApiBody, AppConfig, CaseDetail, CaseList, CaseSummary, CaseTask, Division, GeoJSONFeatureCollection, SupervisionNotice, TodoList, User } from './types';

export const login = (username: string, password: string) =>
  api<ApiBody<'/api/auth/login', 'post'>>('/api/auth/login', { method: 'POST', body: { username, password }, quiet401: true });
export const logout = () => api<unknown>('/api/auth/logout', { method: 'POST', quiet401: true });
export const me = () => api<User>('/api/auth/me', { quiet401: true });

let configPromise: Promise<AppConfig> | null = null;
export function getConfig(): Promise<AppConfig> {
  configPromise ??= api<AppConfig>('/api/config').catch((err) => {
    configPromise = null;
    throw err;
  });
  return configPromise;
}

export const DIVISIONS_PATH = '/api/divisions';
export const BOUNDARIES_PATH = '/api/divisions?format=geojson&level=town,village&simplify=0.0002';

let divisionsPromise: Promise<Division[]> | null = null;
export function getDivisions(): Promise<Division[]> {
  divisionsPromise ??= api<ApiBody<'/api/divisions'>>(DIVISIONS_PATH)
    .then((r) => r.items)
    .catch((err) => {
      divisionsPromise = null;
      throw err;
    });
  return divisionsPromise;
}

/** A boundary's properties (GET /api/divisions?format=geojson). */
export type DivisionProps = ApiBody<'/api/divisions', 'get', 200, 'application/geo+json'>['features'][number]['properties'];

let boundariesPromise: Promise<GeoJSONFeatureCollection<DivisionProps>> | null = null;
export function getBoundaries(): Promise<GeoJSONFeatureCollection<DivisionProps>> {
  boundariesPromise ??= api<GeoJSONFeatureCollection<DivisionProps>>(BOUNDARIES_PATH).catch((err) => {
    boundariesPromise = null;
    throw err;
  });
  return boundariesPromise;
}

/** Drop cached per-user data (jurisdiction differs between accounts). */
export function clearCaches(): void {
  dropPrefetched();
  divisionsPromise = null;
  boundariesPromise = null;
}

export type CaseQuery = Record<string, QueryValue>;

export const listCases = (q: CaseQuery, signal?: AbortSignal) => api<CaseList>(`/api/cases${buildQuery(q)}`, { signal });

export const listCasesGeo = (q: CaseQuery, signal?: AbortSignal) => api<GeoJSONFeatureCollection<CaseSummary>>(`/api/cases${buildQuery({ ...q, format: 'geojson' })}`, { signal });

export const getCase = (id: string, signal?: AbortSignal) => api<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`, { signal });

const PAGE = 500;
const MAX_CASES = 20000;

/** Every case matching the filter as GeoJSON points, fetched in pages of 500 (a few in parallel, ordered by the unique case number so pages never overlap). */
export async function loadAllCasesGeo(
  q: CaseQuery,
  signal: AbortSignal,
  onProgress?: (loaded: number, total: number) => void,
): Promise<{ features: GeoJSONFeatureCollection<CaseSummary>['features']; total: number }> {
  const first = await listCasesGeo({ ...q, limit: PAGE, offset: 0, sort: 'case_no', order: 'asc' }, signal);
  const total = first.numberMatched ?? first.features.length;
  const features = [...first.features];
  onProgress?.(features.length, total);
  const offsets: number[] = [];
  for (let off = PAGE; off < Math.min(total, MAX_CASES); off += PAGE) offsets.push(off);
  const pages: GeoJSONFeatureCollection<CaseSummary>['features'][] = new Array(offsets.length);
  let next = 0;
  let loaded = features.length;
  const worker = async () => {
    while (next < offsets.length) {
      const i = next++;
      const page = await listCasesGeo({ ...q, limit: PAGE, offset: offsets[i], sort: 'case_no', order: 'asc' }, signal);
      pages[i] = page.features;
      loaded += page.features.length;
      onProgress?.(loaded, total);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  for (const p of pages) features.push(...p);
  return { features, total };
}

/** One workflow transition (see docs/workflow.md). */
export const caseAction = (id: string, body: { action: string; version: number } & Record<string, unknown>) =>
  api<CaseSummary>(`/api/cases/${id}/actions`, { method: 'POST', body });

export const getTodo = (signal?: AbortSignal) => api<TodoList>('/api/todo?limit=300', { signal });
export const getNotifications = (unread = false) => api<ApiBody<'/api/notifications'>>(`/api/notifications?limit=50${unread ? '&unread=true' : ''}`);
export const markNotificationsRead = (ids: string[] | 'all') =>
  api<ApiBody<'/api/notifications/read', 'post'>>('/api/notifications/read', { method: 'POST', body: ids === 'all' ? { all: true } : { ids } });
export const addTask = (caseId: string, body: { department: string; title: string; deadline: string }) => api<CaseTask>(`/api/cases/${caseId}/tasks`, { method: 'POST', body });
export const completeTask = (taskId: string, result: string) => api<CaseTask>(`/api/tasks/${taskId}/complete`, { method: 'POST', body: { result } });
export const replyNotice = (noticeId: string, text: string) => api<SupervisionNotice>(`/api/notices/${noticeId}/reply`, { method: 'POST', body: { text } });
