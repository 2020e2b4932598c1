/**
 * Sends the outbox, oldest first, whenever the device is online: on start, on the `online` event,
 * when the page comes back to the front, after every new item, and on a retry timer with backoff.
 * Exactly once: every item carries its clientId (reports, patch verdicts, track batches) or is a photo the
 * server keeps once per case and content, so a resend after a lost answer changes nothing.
 */
import type { ApiBody } from '../../src/api/types';
import { ApiError, request, type CreatedCase } from './api';
import type { OriginalUpload, OutboxItem } from './db';
import { onLinkChange, originalsAllowed, pendingOriginals, stopOriginalUpload, uploadOriginal } from './originals';
import { getItem, listItems, tidyOutbox, updateItem } from './outbox';
import type { PreparedPhoto } from './photo-prep';
import { clearProgress, setProgress } from './progress';

/** Seconds to wait before the n-th retry of an item that could not be sent. */
const BACKOFF_S = [5, 15, 30, 60, 120, 300];
const IDLE_CHECK_MS = 60_000;
const ORIGINAL_RETRY_MS = 15_000;

let owner: string | null = null;
let running = false;
let again = false;
/** Something new to send (a report, added photos, a retry): a running original makes way for it. */
let preempt = false;
let timer: ReturnType<typeof setTimeout> | null = null;
let offLinkChange: (() => void) | null = null;
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
  offLinkChange = onLinkChange(kick);
  void tidyOutbox(username).then(kick);
}

export function stopSync(): void {
  owner = null;
  window.removeEventListener('online', onOnline);
  document.removeEventListener('visibilitychange', onVisible);
  offLinkChange?.();
  offLinkChange = null;
  void stopOriginalUpload(); // nothing goes on with the next user's session
  if (timer) clearTimeout(timer);
  timer = null;
}

/** A new item in the outbox: it goes before the original being uploaded, which pauses and resumes after it. */
export function kickNew(): void {
  preempt = true;
  kick();
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
  // originals left after a failed attempt: again after a short pause (the link may be back)
  if (originalsAllowed() && items.some((i) => i.state === 'sent' && pendingOriginals(i).length)) due.push(Date.now() + ORIGINAL_RETRY_MS);
  const wait = due.length ? Math.max(1000, Math.min(...due) - Date.now()) : IDLE_CHECK_MS;
  timer = setTimeout(kick, Math.min(wait, IDLE_CHECK_MS));
}

async function pass(): Promise<void> {
  if (!owner || !navigator.onLine) return;
  const me = owner;
  preempt = false; // what is new is about to be sent
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
  await sendOriginals(me);
}

/**
 * Phase 2: the originals of what the server already holds, oldest first, one at a time. A new report makes
 * the upload pause (kickNew() sets `preempt`), goes first, and the upload resumes after it.
 */
async function sendOriginals(me: string): Promise<void> {
  if (!originalsAllowed()) return;
  const items = (await listItems(me)).filter((i) => i.state === 'sent' && pendingOriginals(i).length).reverse();
  for (const item of items) {
    for (const o of pendingOriginals(item)) {
      if (owner !== me || preempt || !navigator.onLine || !originalsAllowed()) return;
      const fresh = await getItem(item.id); // the saved upload URL of an earlier attempt
      const current = fresh && fresh.kind !== 'track' ? fresh.originals?.find((x) => x.sha256 === o.sha256) : undefined;
      if (current?.status !== 'pending' || !current.blob) continue;
      const how = await uploadOriginal(item, current, () => preempt || owner !== me || !originalsAllowed());
      if (how !== 'settled') return;
    }
  }
}

type Outcome = { result: OutboxItem['result']; originals?: OriginalUpload[] } | { error: ApiError } | { wait: string };

async function settle(item: OutboxItem, outcome: Outcome): Promise<void> {
  if ('result' in outcome) {
    const sent = await updateItem(item.id, (it) => {
      const done = { ...it, state: 'sent', result: outcome.result, error: null, sentAt: new Date().toISOString() } as OutboxItem;
      // the server has the photos now: keep only the small thumbnail on the phone (and originals still to follow)
      if (done.kind !== 'track') {
        done.payload = { ...done.payload, photos: [], prepared: [] };
        if (outcome.originals?.length) done.originals = outcome.originals;
      }
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
    await updateItem(item.id, (it) => ({ ...it, state: 'failed', attempts: it.attempts + 1, error: e.message || `发送失败（${e.status}）`, errorCode: e.code || null }));
  }
}

/** Time allowed for an upload: 30 s plus 10 KB/s, so a few MB get through on a weak 3G signal. */
function uploadTimeout(blobs: Blob[]): number {
  return 30_000 + blobs.reduce((s, b) => s + b.size, 0) / 10;
}

const fileName = (id: string, i: number, b: Blob) => `${id}-${i + 1}.${b.type === 'image/png' ? 'png' : b.type === 'image/heic' ? 'heic' : 'jpg'}`;

/** Refusals of a reduced copy (its size, its EXIF as this browser read it, or a copy the server cannot read: 415): the report goes again with the photos whole. */
const REDUCED_REFUSED = new Set(['photo.reduced_too_large', 'photo.reduced_exif_mismatch']);

type PhotoPayload = { photos: Blob[]; prepared?: (PreparedPhoto | null)[] };
type PatchAnswer = ApiBody<'/api/patches/{id}/verdict', 'post'>;
type AnsweredPhoto = { id: string; original?: { status: string; sha256: string } | null };

/**
 * Sends a form with the item's photos: in two phases when every photo has its reduced copy (the reduced
 * copies and the originals' declarations now, the originals after), else whole. The answer's photos name
 * the originals they await by hash.
 */
async function sendWithPhotos<T>(
  item: OutboxItem,
  path: string,
  fields: Record<string, string>,
  p: PhotoPayload,
  photosOf: (body: T) => AnsweredPhoto[],
): Promise<{ body: T; originals: OriginalUpload[] }> {
  let prepared = p.prepared?.length === p.photos.length && p.prepared.every(Boolean) ? (p.prepared as PreparedPhoto[]) : null;
  // the same photo picked twice: the server takes one declaration per original, so these go whole
  if (prepared && new Set(prepared.map((x) => x.declared.sha256)).size !== prepared.length) prepared = null;
  const post = (twoPhase: boolean) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const files = twoPhase ? prepared!.map((x) => x.reduced) : p.photos;
    files.forEach((b, i) => form.append('photo', b, fileName(item.id, i, b)));
    if (twoPhase) form.append('originals', JSON.stringify(prepared!.map((x) => x.declared)));
    const key = `item:${item.id}`;
    return request<T>(path, { method: 'POST', form, timeoutMs: uploadTimeout(files), onUploadProgress: (sent, total) => setProgress(key, sent, total) }).finally(() =>
      clearProgress(key),
    );
  };
  if (!prepared) return { body: (await post(false)).body, originals: [] };
  let body: T;
  try {
    body = (await post(true)).body;
  } catch (err) {
    if (err instanceof ApiError && (REDUCED_REFUSED.has(err.code) || err.status === 415)) {
      console.warn(`reduced copy refused (${err.code}: ${err.message}); the photos go whole`, err.details);
      return { body: (await post(false)).body, originals: [] };
    }
    throw err;
  }
  const originals: OriginalUpload[] = [];
  prepared.forEach((x, i) => {
    const photo = photosOf(body).find((ph) => ph.original?.sha256 === x.declared.sha256 && ph.original.status === 'awaiting');
    if (photo) originals.push({ photoId: photo.id, sha256: x.declared.sha256, bytes: x.declared.bytes, blob: p.photos[i], uploadUrl: null, status: 'pending', error: null });
  });
  return { body, originals };
}

async function send(item: OutboxItem): Promise<Outcome> {
  if (item.kind === 'case') {
    const p = item.payload;
    const fields: Record<string, string> = { clientId: item.id, lon: String(p.lon), lat: String(p.lat), crs: 'wgs84' };
    if (p.accuracy !== null) fields.accuracy = String(Math.round(p.accuracy * 10) / 10);
    if (p.category) fields.category = p.category;
    if (p.note) fields.note = p.note;
    if (p.kind === 'waterlogging') {
      fields.kind = p.kind;
      if (p.depthCm) fields.depthCm = String(p.depthCm);
    }
    if (p.campaignId) fields.campaignId = p.campaignId;
    fields.capturedAt = p.capturedAt;
    const { body, originals } = await sendWithPhotos<CreatedCase>(item, '/api/cases', fields, p, (b) => b.photos ?? []);
    return { result: { id: body.id, caseNo: body.caseNo, status: body.status }, originals };
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
    const fields: Record<string, string> = { clientId: item.id, stage: p.stage };
    if (p.lon !== null && p.lat !== null) {
      fields.lon = String(p.lon);
      fields.lat = String(p.lat);
    }
    if (p.accuracy !== null) fields.accuracy = String(Math.round(p.accuracy * 10) / 10);
    fields.capturedAt = p.capturedAt;
    const { body, originals } = await sendWithPhotos<{ items: AnsweredPhoto[] }>(item, `/api/cases/${encodeURIComponent(caseId!)}/photos`, fields, p, (b) => b.items);
    return { result: { caseId: caseId!, count: body.items?.length ?? p.photos.length }, originals };
  }
  if (item.kind === 'verdict') {
    // 图斑核查结论: the server knows a resend by its clientId and answers with the patch as it stands
    const p = item.payload;
    const fields: Record<string, string> = { clientId: item.id, verdict: p.verdict, version: String(p.version), capturedAt: p.capturedAt };
    if (p.note) fields.note = p.note;
    if (p.caseId) fields.caseId = p.caseId;
    if (p.lon !== null && p.lat !== null) {
      fields.lon = p.lon.toFixed(7);
      fields.lat = p.lat.toFixed(7);
    }
    if (p.accuracy !== null) fields.accuracy = String(Math.round(p.accuracy));
    const { body } = await sendWithPhotos<PatchAnswer>(item, `/api/patches/${encodeURIComponent(p.patchId)}/verdict`, fields, { photos: p.photos }, () => []);
    return { result: { status: body.status, caseId: body.caseId ?? null, caseNo: body.caseNo ?? null } };
  }
  await request<unknown>('/api/patrol/tracks', { method: 'POST', json: { clientId: item.id, points: item.payload.points } });
  return { result: { count: item.payload.points.length } };
}
