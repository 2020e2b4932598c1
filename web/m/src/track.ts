/**
 * The patrol track (巡查轨迹): while the app is open and signed in, a point about every 30 s or after
 * 20 m of movement goes into IndexedDB; points are moved, in one transaction, into an outbox batch
 * (POST /api/patrol/tracks) every ten minutes, at 120 points, or when the page goes to the background.
 */
import { db, type TrackPoint } from './db';
import { distanceM, uuid } from './geo';
import { changed } from './outbox';
import { getPosition, subscribePosition, type Fix } from './position';
import { kick } from './sync';

const EVERY_MS = 30_000;
const MIN_GAP_MS = 5_000;
const MOVED_M = 20;
const WORST_ACCURACY_M = 200; // the server drops worse fixes (TRACK_LIMITS.maxAccuracyM)
const BATCH_POINTS = 120;
const BATCH_AGE_MS = 10 * 60_000;

let owner: string | null = null;
let last: { fix: Fix; recordedAt: number } | null = null;
let firstPending: number | null = null;
let unsubscribe: (() => void) | null = null;
let timer: ReturnType<typeof setInterval> | null = null;

const onHidden = () => {
  if (document.visibilityState === 'hidden') void flush(2);
};

export function startTrack(username: string): void {
  stopTrack();
  owner = username;
  unsubscribe = subscribePosition(() => consider(false));
  timer = setInterval(() => consider(true), EVERY_MS);
  document.addEventListener('visibilitychange', onHidden);
  window.addEventListener('pagehide', onHidden);
}

export function stopTrack(): void {
  unsubscribe?.();
  unsubscribe = null;
  if (timer) clearInterval(timer);
  timer = null;
  document.removeEventListener('visibilitychange', onHidden);
  window.removeEventListener('pagehide', onHidden);
  owner = null;
  last = null;
}

function consider(tick: boolean) {
  const fix = getPosition().fix;
  if (!owner || !fix || fix.accuracy > WORST_ACCURACY_M) return;
  const now = Date.now();
  if (tick && now - fix.at > 2 * EVERY_MS) return; // no recent fix: nothing to say about now
  if (last) {
    const since = now - last.recordedAt;
    const moved = distanceM(last.fix.lon, last.fix.lat, fix.lon, fix.lat);
    if (since < MIN_GAP_MS) return;
    if (since < EVERY_MS - 1000 && moved < MOVED_M) return;
  }
  last = { fix, recordedAt: now };
  void record({ at: new Date(fix.at).toISOString(), lon: round(fix.lon), lat: round(fix.lat), accuracy: Math.round(fix.accuracy * 10) / 10 });
}

const round = (v: number) => Math.round(v * 1e7) / 1e7;

async function record(p: TrackPoint) {
  const who = owner;
  if (!who) return;
  try {
    const d = await db();
    await d.add('trackPoints', { ...p, owner: who });
    firstPending ??= Date.now();
    const n = await d.countFromIndex('trackPoints', 'byOwner', who);
    if (n >= BATCH_POINTS || Date.now() - firstPending >= BATCH_AGE_MS) await flush(2);
  } catch {
    /* storage full or blocked: the track is a by-product, never stop the app for it */
  }
}

/** Moves the pending points (at least `min`) into one outbox batch with its own clientId. */
async function flush(min: number): Promise<void> {
  const who = owner;
  if (!who) return;
  const d = await db();
  const tx = d.transaction(['trackPoints', 'outbox'], 'readwrite');
  const rows = await tx.objectStore('trackPoints').index('byOwner').getAll(who);
  if (rows.length >= min) {
    rows.sort((a, b) => a.at.localeCompare(b.at));
    const points = rows.slice(0, 2000).map(({ at, lon, lat, accuracy }) => ({ at, lon, lat, accuracy }));
    await tx.objectStore('outbox').put({
      kind: 'track',
      id: uuid(),
      owner: who,
      createdAt: new Date().toISOString(),
      state: 'queued',
      attempts: 0,
      nextAttemptAt: 0,
      error: null,
      sentAt: null,
      thumb: null,
      payload: { points },
      result: null,
    });
    for (const r of rows.slice(0, 2000)) await tx.objectStore('trackPoints').delete(r.id!);
  }
  await tx.done;
  if (rows.length >= min) {
    firstPending = null;
    changed();
    kick();
  }
}
