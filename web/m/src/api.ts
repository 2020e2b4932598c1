/** The patrol app's calls to the server: same-origin cookie session, JSON or multipart, with a timeout. */
import { ApiError, buildQuery } from '../../src/api/client';
import type { ApiBody, AppConfig, CaseDetail, CaseSummary, GeoJSONFeatureCollection, User } from '../../src/api/types';
import type { DivisionProps } from '../../src/api/endpoints';

export { ApiError };

interface RequestOptions {
  method?: string;
  json?: unknown;
  form?: FormData;
  /** Give up after this long (weak signal): the call fails as a network error. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** For a form: bytes of the request sent so far (the queue's 发送中 x %). */
  onUploadProgress?: (sent: number, total: number) => void;
}

const unauthorized = new Set<() => void>();
/** Called when any call answers 401 (session expired or ended elsewhere). */
export function onUnauthorized(fn: () => void): () => void {
  unauthorized.add(fn);
  return () => unauthorized.delete(fn);
}

/** Status 0 with code `network`: no answer (offline, timeout, connection dropped). */
export function isNetworkError(err: unknown): boolean {
  return err instanceof ApiError && err.status === 0;
}

export function isAbort(err: unknown): boolean {
  return (err as Error | undefined)?.name === 'AbortError';
}

/** The answer's JSON turned into the result or an ApiError (401 also tells the listeners). */
function answer<T>(path: string, status: number, ok: boolean, text: string): { status: number; body: T } {
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!ok) {
    const e = (json ?? {}) as { code?: string; message?: string; details?: unknown };
    if (status === 401 && path !== '/api/auth/login') unauthorized.forEach((fn) => fn());
    throw new ApiError(status, e.code ?? `http.${status}`, e.message ?? `服务器错误（${status}）`, e.details ?? null);
  }
  return { status, body: json as T };
}

/** A form sent with XMLHttpRequest, whose upload reports its progress (fetch cannot). */
function sendForm<T>(
  path: string,
  o: RequestOptions & { form: FormData; onUploadProgress: NonNullable<RequestOptions['onUploadProgress']> },
): Promise<{ status: number; body: T }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(o.method ?? 'POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.timeout = o.timeoutMs ?? 15_000;
    xhr.upload.onprogress = (e) => e.lengthComputable && o.onUploadProgress(e.loaded, e.total);
    const network = () => reject(new ApiError(0, 'network', '网络不可用', null));
    xhr.onerror = network;
    xhr.ontimeout = network;
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      try {
        resolve(answer<T>(path, xhr.status, xhr.status >= 200 && xhr.status < 300, xhr.responseText));
      } catch (err) {
        reject(err);
      }
    };
    o.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(o.form);
  });
}

export async function request<T>(path: string, o: RequestOptions = {}): Promise<{ status: number; body: T }> {
  if (o.form && o.onUploadProgress) return sendForm<T>(path, { ...o, form: o.form, onUploadProgress: o.onUploadProgress });
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (o.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.json);
  } else if (o.form) body = o.form; // the browser writes the multipart boundary
  // AbortSignal.any/timeout are missing in older webviews: one controller, fed by both
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), o.timeoutMs ?? 15_000);
  const forward = () => ctl.abort();
  o.signal?.addEventListener('abort', forward);
  try {
    let res: Response;
    let text: string;
    try {
      res = await fetch(path, { method: o.method ?? 'GET', headers, body, credentials: 'same-origin', signal: ctl.signal });
      text = await res.text();
    } catch (err) {
      if (o.signal?.aborted) throw err;
      throw new ApiError(0, 'network', '网络不可用', null);
    }
    return answer<T>(path, res.status, res.ok, text);
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', forward);
  }
}

const get = async <T>(path: string, o?: RequestOptions) => (await request<T>(path, o)).body;

/** GET /api/config; offline, the last one seen (or only the tile URL). */
export type PatrolConfig = Pick<AppConfig, 'mapTileUrl'> & Partial<AppConfig>;

/** A case near a point (GET /api/cases/nearby), nearest first. */
export type NearbyCase = ApiBody<'/api/cases/nearby'>['items'][number];

/** One of the inspector's reports as the case list gives it. */
export type MyCase = CaseSummary;

/** What POST /api/cases answers. */
export type CreatedCase = ApiBody<'/api/cases', 'post', 201>;

export const login = (username: string, password: string) => get<ApiBody<'/api/auth/login', 'post'>>('/api/auth/login', { method: 'POST', json: { username, password } });
export const logout = () => get<unknown>('/api/auth/logout', { method: 'POST' });
export const me = () => get<User>('/api/auth/me', { timeoutMs: 8000 });
export const changePassword = (currentPassword: string, newPassword: string) => get<unknown>('/api/auth/password', { method: 'POST', json: { currentPassword, newPassword } });
export const getConfig = () => get<PatrolConfig>('/api/config', { timeoutMs: 8000 });
export const nearby = (lon: number, lat: number, radius: number, signal?: AbortSignal) =>
  get<ApiBody<'/api/cases/nearby'>>(`/api/cases/nearby${buildQuery({ lon: lon.toFixed(7), lat: lat.toFixed(7), radius: Math.round(radius) })}`, { signal, timeoutMs: 8000 });
export const myCases = (signal?: AbortSignal) =>
  get<ApiBody<'/api/cases'>>(`/api/cases${buildQuery({ reportedBy: 'me', sort: 'found_at', order: 'desc', limit: 50 })}`, { signal });
export const getCase = (id: string, signal?: AbortSignal) => get<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`, { signal });
/** Town and village boundaries: towns for the overview, villages (with names) at patrol scale. */
export const boundaries = () => get<GeoJSONFeatureCollection<DivisionProps>>('/api/divisions?format=geojson&level=town,village&simplify=0.0001', { timeoutMs: 30_000 });
