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
  if (!originalsAllowed()) return { state: 'waiting-wifi', label: `原图待传${left} · 连接 Wi-Fi 后上传` };
  return { state: 'pending', label: `原图待传${left}` };
}

async function saveOriginal(itemId: string, sha256: string, change: (o: OriginalUpload) => OriginalUpload) {
  await updateItem(itemId, (it) => (it.kind === 'track' || !it.originals ? null : { ...it, originals: it.originals.map((o) => (o.sha256 === sha256 ? change(o) : o)) }));
}

/** Why the server will never take this original (its zh-CN message), or null when trying again may help. */
function permanentRefusal(status: number, body: string): string | null {
  if (status < 400 || status >= 500 || status === 408 || status === 429 || status === 401) return null;
  let parsed: { code?: string; message?: string } = {};
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    /* a tus answer without a JSON body (e.g. 409 on an offset that moved): try again */
  }
  if (status === 409 && !parsed.code?.startsWith('photo.')) return null;
  return parsed.message ?? `原图上传失败（${status}）`;
}

export type UploadEnd = 'settled' | 'yielded' | 'error';

/** No byte moving for this long: the link is dead even if the browser has not said so (a request has no timeout). */
const STALL_MS = 30_000;

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
      clearProgress(`original:${o.sha256}`);
      resolve(how);
    };
    // the signal lost: stop here (the server keeps what it has) and resume from there when it is back
    const cut = () =>
      void upload
        .abort()
        .then(() => saveOriginal(item.id, o.sha256, (x) => ({ ...x, error: '原图上传中断，联网后自动续传' })))
        .then(() => end('error'));
    const watchdog = setInterval(() => Date.now() - lastMove > STALL_MS && cut(), 5000);
    window.addEventListener('offline', cut);
    const upload = new tus.Upload(blob, {
      endpoint: new URL('/api/uploads', location.href).href,
      uploadUrl: o.uploadUrl,
      metadata: { photoId: o.photoId },
      uploadSize: blob.size,
      // a few quick retries for a blip; a longer outage ends this attempt and the outbox's backoff takes over
      retryDelays: [0, 2000, 5000],
      storeFingerprintForResuming: false,
      onUploadUrlAvailable: () => void saveOriginal(item.id, o.sha256, (x) => ({ ...x, uploadUrl: upload.url })),
      onProgress: (sent, total) => {
        lastMove = Date.now();
        setProgress(`original:${o.sha256}`, sent, total);
        if (shouldYield()) void upload.abort().then(() => end('yielded'));
      },
      onShouldRetry: (err) => {
        const res = err.originalResponse;
        return !res || permanentRefusal(res.getStatus(), res.getBody()) === null;
      },
      onSuccess: ({ lastResponse }) => {
        const verdict = lastResponse.getHeader('Wuweijian-Original');
        void saveOriginal(item.id, o.sha256, (x) => ({
          ...x,
          blob: null,
          status: verdict === 'refused' ? 'refused' : 'verified',
          error: verdict === 'refused' ? '原图与上报时声明的不一致，服务器已拒收并标记' : null,
        })).then(() => end('settled'));
      },
      onError: (err) => {
        const res = (err as { originalResponse?: { getStatus(): number; getBody(): string } | null }).originalResponse;
        const refusal = res ? permanentRefusal(res.getStatus(), res.getBody()) : null;
        if (refusal) {
          void saveOriginal(item.id, o.sha256, (x) => ({ ...x, blob: null, status: 'failed', error: refusal })).then(() => end('settled'));
          return;
        }
        // a 404 on the saved upload (the server dropped it): start a new one next time
        const gone = res?.getStatus() === 404 || res?.getStatus() === 410;
        void saveOriginal(item.id, o.sha256, (x) => ({ ...x, uploadUrl: gone ? null : x.uploadUrl, error: '原图上传中断，联网后自动续传' })).then(() => end('error'));
      },
    });
    upload.start();
  });
}
