/**
 * Phase 2 of a two-phase photo (docs/two-phase-report.md): once the server holds the case with the reduced
 * copy, each original follows as a tus upload to /api/uploads. The upload's URL is kept with the outbox item,
 * so a lost connection, a reload or a server restart costs only the bytes in flight: the next attempt asks
 * the server how far it is (HEAD) and sends the rest. The server answers the last piece with
 * `Wuweijian-Original: verified` (the original is the evidence of record) or `refused` (not the original
 * declared: flagged on the case).
 */
import type { OriginalUpload, OutboxItem } from './db';
import { updateItem } from './outbox';
import { clearProgress, getProgress, progressChanged, setProgress } from './progress';

const WIFI_ONLY_KEY = 'wwj-originals-wifi-only';

/** 原图仅在 Wi-Fi 下上传: the inspector's choice on this phone. */
export function wifiOnly(): boolean {
  try {
    return localStorage.getItem(WIFI_ONLY_KEY) === '1';
  } catch {
    return false;
  }
}

export function setWifiOnly(on: boolean): void {
  try {
    if (on) localStorage.setItem(WIFI_ONLY_KEY, '1');
    else localStorage.removeItem(WIFI_ONLY_KEY);
  } catch {
    /* private mode: the choice lasts this page only */
  }
  progressChanged();
}

type NetworkInformationLike = EventTarget & { type?: string };
const connection = (): NetworkInformationLike | undefined => (navigator as Navigator & { connection?: NetworkInformationLike }).connection;

/** The kind of link, where the browser tells it (Android Chrome does; iOS and desktop browsers do not). */
export function linkType(): 'wifi' | 'cellular' | 'unknown' {
  const t = connection()?.type;
  if (t === 'wifi' || t === 'ethernet') return 'wifi';
  if (t === 'cellular' || t === 'wimax' || t === 'bluetooth') return 'cellular';
  return 'unknown';
}

/** Originals may go now: always, or with the Wi-Fi choice on a link the browser names as Wi-Fi (or cannot name). */
export function originalsAllowed(): boolean {
  return !wifiOnly() || linkType() !== 'cellular';
}

/** Wakes `fn` when the kind of link changes (mobile data → Wi-Fi). */
export function onLinkChange(fn: () => void): () => void {
  const c = connection();
  c?.addEventListener('change', fn);
  return () => c?.removeEventListener('change', fn);
}

/** The originals of an item that still have to go. */
export const pendingOriginals = (item: OutboxItem): OriginalUpload[] => (item.kind === 'track' ? [] : (item.originals ?? []).filter((o) => o.status === 'pending' && o.blob));

/** What the queue says of an item's originals, or null for an item sent whole. */
export function originalsState(item: OutboxItem): { state: 'waiting-wifi' | 'pending' | 'uploading' | 'verified' | 'refused' | 'failed'; label: string } | null {
  const all = item.kind === 'track' ? [] : (item.originals ?? []);
  if (!all.length) return null;
  const refused = all.find((o) => o.status === 'refused' || o.status === 'failed');
  if (refused) return { state: refused.status as 'refused' | 'failed', label: refused.status === 'refused' ? '原图被拒收' : '原图未被接收' };
  const pending = pendingOriginals(item);
  if (!pending.length) return { state: 'verified', label: '原图已上传' };
  const moving = pending.map((o) => getProgress(`original:${o.sha256}`)).find(Boolean);
  const left = pending.length > 1 ? `（${pending.length} 张）` : '';
  if (moving) return { state: 'uploading', label: `原图上传中 ${Math.floor((moving.sent / moving.total) * 100)}%${left}` };
  if (!originalsAllowed()) return { state: 'waiting-wifi', label: `原图待传${left} · 等 Wi-Fi` };
  return { state: 'pending', label: `原图待传${left}` };
}

async function saveOriginal(itemId: string, sha256: string, change: (o: OriginalUpload) => OriginalUpload) {
  await updateItem(itemId, (it) => (it.kind === 'track' || !it.originals ? null : { ...it, originals: it.originals.map((o) => (o.sha256 === sha256 ? change(o) : o)) }));
}

/** What an answer that ended an attempt means for the original. */
type Verdict = { kind: 'settled'; status: 'verified' | 'refused' | 'failed'; error: string | null } | { kind: 'again'; restart: boolean };

/**
 * Only the server's own JSON answers are final; anything else (a proxy's or captive portal's 4xx, a 5xx, no
 * answer) is tried again later with the original kept. A 404/410 on the saved upload starts a new one.
 */
function verdictOf(status: number, body: string): Verdict {
  let parsed: { code?: string; message?: string; details?: { status?: string } } = {};
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    /* not the server's answer, or a tus answer without a body (e.g. 409 on an offset that moved) */
  }
  if (parsed.code === 'photo.original_not_awaited' && (parsed.details?.status === 'verified' || parsed.details?.status === 'refused')) {
    // settled on an earlier attempt whose answer was lost
    return parsed.details.status === 'verified' ? { kind: 'settled', status: 'verified', error: null } : { kind: 'settled', status: 'refused', error: REFUSED_TEXT };
  }
  if (status === 404 || status === 410) return { kind: 'again', restart: true };
  if (status >= 400 && status < 500 && status !== 401 && status !== 408 && status !== 429 && parsed.code?.startsWith('photo.'))
    return { kind: 'settled', status: 'failed', error: parsed.message ?? '服务器未接收该原图' };
  return { kind: 'again', restart: false };
}

const REFUSED_TEXT = '原图与上报时声明的不一致，服务器已拒收并标记';
const CUT_TEXT = '原图上传中断，联网后自动续传';

/** The upload running in this tab, stopped at logout so nothing goes with another user's session. */
let running: { abort: () => Promise<void> } | null = null;
export async function stopOriginalUpload(): Promise<void> {
  await running?.abort();
}

/** 重试 for an original the server did not take: it goes again, from the start. */
export function retryOriginal(itemId: string, sha256: string) {
  return saveOriginal(itemId, sha256, (x) => (x.status === 'failed' && x.blob ? { ...x, status: 'pending', uploadUrl: null, error: null } : x));
}

export type UploadEnd = 'settled' | 'yielded' | 'error';

/**
 * The original goes in pieces of this size, each a PATCH the server answers: the phone learns in steps how far
 * the server really is (a request's upload progress only says what the phone's socket took, and on a slow link
 * a whole piece may sit there), and a lost connection costs at most the piece in flight.
 */
const CHUNK_BYTES = 1024 * 1024;
/**
 * No progress and no piece answered for this long: the link is dead even if the browser has not said so (a
 * request has no timeout of its own). A piece needs about 130 s at 8 KB/s: on a slower link one may go twice.
 */
const STALL_MS = 120_000;

/**
 * Sends one original, resuming where the server stands. Resolves 'settled' when the server decided
 * (verified, refused, or a permanent refusal), 'yielded' when `shouldYield` asked to make way (new reports go
 * first), 'error' when the link failed (tried again later).
 */
export async function uploadOriginal(item: OutboxItem, o: OriginalUpload, shouldYield: () => boolean): Promise<UploadEnd> {
  const tus = await import('tus-js-client');
  const blob = o.blob!;
  return new Promise<UploadEnd>((resolve) => {
    let ended = false;
    let lastMove = Date.now();
    const end = (how: UploadEnd) => {
      if (ended) return;
      ended = true;
      clearInterval(watchdog);
      window.removeEventListener('offline', cut);
      running = null;
      clearProgress(`original:${o.sha256}`);
      resolve(how);
    };
    // the signal lost: stop here (the server keeps what it has) and resume from there when it is back
    const cut = () =>
      void upload
        .abort()
        .then(() => saveOriginal(item.id, o.sha256, (x) => ({ ...x, error: CUT_TEXT })))
        .then(() => end('error'));
    const watchdog = setInterval(() => Date.now() - lastMove > STALL_MS && cut(), 10_000);
    window.addEventListener('offline', cut);
    const upload = new tus.Upload(blob, {
      endpoint: new URL('/api/uploads', location.href).href,
      uploadUrl: o.uploadUrl,
      metadata: { photoId: o.photoId },
      uploadSize: blob.size,
      chunkSize: CHUNK_BYTES,
      // a few quick retries for a blip; a longer outage ends this attempt and the outbox's backoff takes over
      retryDelays: [0, 2000, 5000],
      storeFingerprintForResuming: false,
      onUploadUrlAvailable: () => void saveOriginal(item.id, o.sha256, (x) => ({ ...x, uploadUrl: upload.url })),
      onChunkComplete: () => {
        lastMove = Date.now();
      },
      onProgress: (sent, total) => {
        lastMove = Date.now();
        setProgress(`original:${o.sha256}`, sent, total);
        if (shouldYield()) void upload.abort().then(() => end('yielded'));
      },
      onShouldRetry: (err) => {
        const res = err.originalResponse;
        return !res || verdictOf(res.getStatus(), res.getBody()).kind === 'again';
      },
      onSuccess: ({ lastResponse }) => {
        // only the server's word settles it; without it (e.g. a replaced upload answering complete) try again
        const verdict = lastResponse.getHeader('Wuweijian-Original');
        if (verdict !== 'verified' && verdict !== 'refused') {
          void saveOriginal(item.id, o.sha256, (x) => ({ ...x, uploadUrl: null, error: CUT_TEXT })).then(() => end('error'));
          return;
        }
        void saveOriginal(item.id, o.sha256, (x) => ({ ...x, blob: null, status: verdict, error: verdict === 'refused' ? REFUSED_TEXT : null })).then(() => end('settled'));
      },
      onError: (err) => {
        const res = (err as { originalResponse?: { getStatus(): number; getBody(): string } | null }).originalResponse;
        const v: Verdict = res ? verdictOf(res.getStatus(), res.getBody()) : { kind: 'again', restart: false };
        if (v.kind === 'settled') {
          // a settled original needs its bytes no more; one the server would not take keeps them for 重试
          void saveOriginal(item.id, o.sha256, (x) => ({ ...x, blob: v.status === 'failed' ? x.blob : null, status: v.status, error: v.error })).then(() => end('settled'));
          return;
        }
        void saveOriginal(item.id, o.sha256, (x) => ({ ...x, uploadUrl: v.restart ? null : x.uploadUrl, error: CUT_TEXT })).then(() => end('error'));
      },
    });
    running = upload;
    upload.start();
  });
}
