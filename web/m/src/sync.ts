/**
 * Sends the outbox, oldest first, whenever the device is online: on start, on the `online` event,
 * when the page comes back to the front, after every new item, and on a retry timer with backoff.
 * Exactly once: every item carries its clientId (reports, track batches) or is a photo the server
 * keeps once per case and content, so a resend after a lost answer changes nothing.
 */
import { ApiError, request, type CreatedCase } from './api';
import type { OutboxItem } from './db';
import { getItem, listItems, tidyOutbox, updateItem } from './outbox';

/** Seconds to wait before the n-th retry of an item that could not be sent. */
const BACKOFF_S = [5, 15, 30, 60, 120, 300];
const IDLE_CHECK_MS = 60_000;

let owner: string | null = null;
let running = false;
let again = false;
let timer: ReturnType<typeof setTimeout> | null = null;
const sentListeners = new Set<(item: OutboxItem) => void>();

/** Called after the server has confirmed an item (e.g. to reload the list of my reports). */
export function onSent(fn: (item: OutboxItem) => void): () => void {
  sentListeners.add(fn);
  return () => sentListeners.delete(fn);
}

const onOnline = () => kick();
const onVisible = () => {
  if (document.visibilityState === 'visible') kick();
};

export function startSync(username: string): void {
  owner = username;
  window.addEventListener('online', onOnline);
  document.addEventListener('visibilitychange', onVisible);
  void tidyOutbox(username).then(kick);
}

export function stopSync(): void {
  owner = null;
  window.removeEventListener('online', onOnline);
  document.removeEventListener('visibilitychange', onVisible);
  if (timer) clearTimeout(timer);
  timer = null;
}

/** Try to send now (a no-op while offline or while a pass is running; that pass will look again). */
export function kick(): void {
  if (!owner) return;
  if (running) {
    again = true;
    return;
  }
  running = true;
  void (async () => {
    try {
      do {
        again = false;
        await exclusive(pass);
      } while (again && owner);
    } finally {
      running = false;
      await schedule();
    }
  })();
}

/** One sender across the tabs of this device, where the browser offers Web Locks. */
async function exclusive(fn: () => Promise<void>): Promise<void> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks) return fn();
  await locks.request('wwj-patrol-sync', { ifAvailable: true }, async (lock) => {
    if (lock) await fn();
  });
}

async function schedule(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  if (!owner) return;
  if (!navigator.onLine) {
    // the `online` event wakes us; the slow timer only covers a webview that never fires it
    timer = setTimeout(kick, IDLE_CHECK_MS);
    return;
  }
  const items = await listItems(owner).catch(() => []);
  const due = items.filter((i) => i.state === 'queued').map((i) => i.nextAttemptAt);
  const wait = due.length ? Math.max(1000, Math.min(...due) - Date.now()) : IDLE_CHECK_MS;
  timer = setTimeout(kick, Math.min(wait, IDLE_CHECK_MS));
}

async function pass(): Promise<void> {
  if (!owner || !navigator.onLine) return;
  const me = owner;
  const items = (await listItems(me)).filter((i) => i.state === 'queued' && i.nextAttemptAt <= Date.now()).reverse();
  for (const queued of items) {
    if (owner !== me) return;
    const item = await updateItem(queued.id, (it) => (it.state === 'queued' ? { ...it, state: 'sending' } : null));
    if (!item) continue;
    let outcome: Outcome;
    try {
      outcome = await send(item);
    } catch (err) {
      outcome = { error: err instanceof ApiError ? err : new ApiError(0, 'network', String(err), null) };
    }
    await settle(item, outcome);
    if ('error' in outcome && (outcome.error.status === 0 || outcome.error.status === 401)) return; // no signal or no session: stop here
  }
}

type Outcome = { result: OutboxItem['result'] } | { error: ApiError } | { wait: string };

async function settle(item: OutboxItem, outcome: Outcome): Promise<void> {
  if ('result' in outcome) {
    const sent = await updateItem(item.id, (it) => {
      const done = { ...it, state: 'sent', result: outcome.result, error: null, sentAt: new Date().toISOString() } as OutboxItem;
      // the server has the photos now: keep only the small thumbnail on the phone
      if (done.kind !== 'track') done.payload = { ...done.payload, photos: [] };
      return done;
    });
    if (sent) sentListeners.forEach((fn) => fn(sent));
    return;
  }
  if ('wait' in outcome) {
    await updateItem(item.id, (it) => ({ ...it, state: 'queued', error: outcome.wait, nextAttemptAt: Date.now() + 5000 }));
    return;
  }
  const e = outcome.error;
  const transient = e.status === 0 || e.status >= 500 || e.status === 408 || e.status === 429 || e.status === 401;
  if (transient) {
    const message = e.status === 0 ? '网络不可用，恢复后自动发送' : e.status === 401 ? '登录已过期，请重新登录后自动发送' : e.message;
    await updateItem(item.id, (it) => ({
      ...it,
      state: 'queued',
      attempts: it.attempts + 1,
      error: message,
      nextAttemptAt: Date.now() + BACKOFF_S[Math.min(it.attempts, BACKOFF_S.length - 1)] * 1000,
    }));
  } else {
    await updateItem(item.id, (it) => ({ ...it, state: 'failed', attempts: it.attempts + 1, error: e.message || `发送失败（${e.status}）` }));
  }
}

/** Time allowed for an upload: 30 s plus 10 KB/s, so a few MB get through on a weak 3G signal. */
function uploadTimeout(blobs: Blob[]): number {
  return 30_000 + blobs.reduce((s, b) => s + b.size, 0) / 10;
}

function appendPhotos(form: FormData, id: string, blobs: Blob[]) {
  blobs.forEach((b, i) => form.append('photo', b, `${id}-${i + 1}.${b.type === 'image/png' ? 'png' : b.type === 'image/heic' ? 'heic' : 'jpg'}`));
}

async function send(item: OutboxItem): Promise<Outcome> {
  if (item.kind === 'case') {
    const p = item.payload;
    const form = new FormData();
    form.append('clientId', item.id);
    form.append('lon', String(p.lon));
    form.append('lat', String(p.lat));
    form.append('crs', 'wgs84');
    if (p.accuracy !== null) form.append('accuracy', String(Math.round(p.accuracy * 10) / 10));
    if (p.category) form.append('category', p.category);
    if (p.note) form.append('note', p.note);
    form.append('capturedAt', p.capturedAt);
    appendPhotos(form, item.id, p.photos);
    const r = await request<CreatedCase>('/api/cases', { method: 'POST', form, timeoutMs: uploadTimeout(p.photos) });
    return { result: { id: r.body.id, caseNo: r.body.caseNo, status: r.body.status } };
  }
  if (item.kind === 'photos') {
    const p = item.payload;
    let caseId = p.caseId;
    if (!caseId && p.caseClientId) {
      // photos for a report that is itself still in the outbox: wait for it
      const parent = await getItem(p.caseClientId);
      if (parent?.kind === 'case' && parent.state === 'sent' && parent.result) caseId = parent.result.id;
      else if (!parent || parent.state === 'failed') return { error: new ApiError(422, 'patrol.parent_failed', '所属的上报未能发送', null) };
      else return { wait: '等待所属的上报发送' };
    }
    const form = new FormData();
    form.append('stage', p.stage);
    if (p.lon !== null && p.lat !== null) {
      form.append('lon', String(p.lon));
      form.append('lat', String(p.lat));
    }
    if (p.accuracy !== null) form.append('accuracy', String(Math.round(p.accuracy * 10) / 10));
    form.append('capturedAt', p.capturedAt);
    appendPhotos(form, item.id, p.photos);
    const r = await request<{ items: unknown[] }>(`/api/cases/${encodeURIComponent(caseId!)}/photos`, { method: 'POST', form, timeoutMs: uploadTimeout(p.photos) });
    return { result: { caseId: caseId!, count: r.body.items?.length ?? p.photos.length } };
  }
  await request<unknown>('/api/patrol/tracks', { method: 'POST', json: { clientId: item.id, points: item.payload.points } });
  return { result: { count: item.payload.points.length } };
}
