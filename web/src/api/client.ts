/** Thin fetch wrapper: same-origin cookie session, JSON errors {code,message,details}. */

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called whenever an API call answers 401 (session expired or logged out elsewhere). */
export function onUnauthorized(fn: UnauthorizedListener): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

export function buildQuery(params: Record<string, QueryValue>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) sp.set(k, v.join(','));
    } else sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  /** Don't broadcast a 401 (used by the login and "who am I" calls). */
  quiet401?: boolean;
}

/** GETs started before the page that needs them has loaded (boot.ts), by path; each is taken once. */
const early = new Map<string, { at: number; answer: Promise<unknown> }>();
const EARLY_MS = 15_000;

/**
 * Starts `GET path` now so that the page's own `api(path)` a moment later gets this answer instead of
 * asking again: the first screen's data travels while the page's code is still loading.
 */
export function prefetch(path: string): void {
  if (early.has(path)) return;
  // quiet: without a session the check of the session itself tells the app (a 401 here says nothing new)
  const answer = request(path, { quiet401: true });
  answer.catch(() => undefined);
  early.set(path, { at: Date.now(), answer });
}

/** Forgets the early answers (they belong to the session they were asked in: login, logout). */
export function dropPrefetched(): void {
  early.clear();
}

export function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const got = (opts.method ?? 'GET') === 'GET' && opts.body === undefined ? early.get(path) : undefined;
  if (!got) return request<T>(path, opts);
  early.delete(path);
  if (Date.now() - got.at > EARLY_MS) return request<T>(path, opts);
  const { signal } = opts;
  if (!signal) return got.answer as Promise<T>;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DOMException('aborted', 'AbortError'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    (got.answer as Promise<T>).then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function request<T>(path: string, opts: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method: opts.method ?? 'GET', headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', '', null);
  }
  const text = await res.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!res.ok) {
    const e = (json ?? {}) as { code?: string; message?: string; details?: unknown };
    if (res.status === 401 && !opts.quiet401) unauthorizedListeners.forEach((fn) => fn());
    throw new ApiError(res.status, e.code ?? `http.${res.status}`, e.message ?? res.statusText, e.details ?? null);
  }
  return json as T;
}

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException ? err.name === 'AbortError' : (err as Error | undefined)?.name === 'AbortError';
}
