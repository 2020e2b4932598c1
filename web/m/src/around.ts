/**
 * The known cases around the inspector (GET /api/cases/nearby, 500 m) in one store that starts with the
 * page (src/main.tsx), not with the map: on a warm start the copy kept on the phone (IndexedDB) shows at
 * once, and the server is asked as soon as the first GPS fix is in, in parallel with the download of the
 * map library, which only draws what is here. Asked again when the inspector has walked 100 m, every two
 * minutes, after a report was sent and when the signal returns.
 */
import { useSyncExternalStore } from 'react';
import { nearby, type NearbyCase } from './api';
import { cacheGet, cachePut } from './db';
import { distanceM } from './geo';
import { getPosition, subscribePosition } from './position';
import { onSent } from './sync';
import { clearActiveCampaigns, clearCampaignItems, queryCampaignItems, refreshActiveCampaigns } from './campaigns';

export const AROUND_M = 500;
const REQUERY_MOVED_M = 100;
const REQUERY_MS = 120_000;

export interface NearbySnapshot {
  at: number;
  lon: number;
  lat: number;
  items: NearbyCase[];
}

export interface AroundState {
  /** The last answer (or the copy on the phone until the first answer); null before either. */
  snapshot: NearbySnapshot | null;
  /** The last question went unanswered: the snapshot is older than where the inspector is. */
  stale: boolean;
}

let state: AroundState = { snapshot: null, stale: false };
let owner: string | null = null;
let last: { lon: number; lat: number; at: number } | null = null;
let stops: (() => void)[] = [];
const listeners = new Set<() => void>();

function set(next: Partial<AroundState>) {
  state = { ...state, ...next };
  listeners.forEach((fn) => fn());
}

function query(lon: number, lat: number) {
  const me = owner;
  if (!me) return;
  last = { lon, lat, at: Date.now() };
  // the open items of running campaigns (专项整治) around, in the same moments
  queryCampaignItems(lon, lat, AROUND_M);
  nearby(lon, lat, AROUND_M).then(
    (r) => {
      if (owner !== me) return;
      const snapshot = { at: Date.now(), lon, lat, items: r.items };
      set({ snapshot, stale: false });
      void cachePut(`nearby:${me}`, snapshot);
    },
    () => owner === me && set({ stale: true }),
  );
}

function onMove() {
  const fix = getPosition().fix;
  if (!owner || !fix) return;
  if (!last || distanceM(last.lon, last.lat, fix.lon, fix.lat) > REQUERY_MOVED_M || Date.now() - last.at > REQUERY_MS) query(fix.lon, fix.lat);
}

/** Ask again now, from where the inspector is (if a fix is known). */
export function refreshAround(): void {
  const fix = getPosition().fix;
  if (fix) query(fix.lon, fix.lat);
}

/** Starts keeping the cases around this account's inspector (a no-op when already doing so). */
export function startAround(username: string): void {
  if (owner === username) return;
  stopAround();
  owner = username;
  void cacheGet<NearbySnapshot>(`nearby:${username}`).then((kept) => {
    if (kept && owner === username && !state.snapshot) set({ snapshot: kept });
  });
  // the running campaigns (their scope), for the report sheet: at start and when the signal returns
  refreshActiveCampaigns(username);
  const onOnline = () => {
    refreshAround();
    refreshActiveCampaigns(username);
  };
  window.addEventListener('online', onOnline);
  stops = [subscribePosition(onMove), onSent((it) => it.kind !== 'track' && refreshAround()), () => window.removeEventListener('online', onOnline)];
  onMove();
}

export function stopAround(): void {
  owner = null;
  last = null;
  for (const stop of stops) stop();
  stops = [];
  set({ snapshot: null, stale: false });
  clearCampaignItems();
  clearActiveCampaigns();
}

function subscribe(fn: () => void) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function useAround(): AroundState {
  return useSyncExternalStore(subscribe, () => state);
}
