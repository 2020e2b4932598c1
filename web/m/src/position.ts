/** The inspector's position: one watchPosition for the whole app, read through a tiny store. */
import { useSyncExternalStore } from 'react';

export interface Fix {
  lon: number;
  lat: number;
  /** metres (95 %-ish radius as the browser reports it) */
  accuracy: number;
  /** epoch ms of the fix */
  at: number;
}

export interface PositionState {
  fix: Fix | null;
  error: string | null;
}

let state: PositionState = { fix: null, error: null };
let watchId: number | null = null;
const listeners = new Set<() => void>();

function set(next: Partial<PositionState>) {
  state = { ...state, ...next };
  listeners.forEach((fn) => fn());
}

function toFix(p: GeolocationPosition): Fix {
  return { lon: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy, at: p.timestamp || Date.now() };
}

function describe(err: GeolocationPositionError): string {
  if (err.code === err.PERMISSION_DENIED) return '未获得定位权限，请在设置中允许本应用使用位置';
  if (err.code === err.TIMEOUT) return '定位超时，正在继续定位…';
  return '暂时无法获取位置，正在继续定位…';
}

export function startWatch(): void {
  if (watchId !== null) return;
  if (!('geolocation' in navigator)) {
    set({ error: '此设备不支持定位' });
    return;
  }
  watchId = navigator.geolocation.watchPosition(
    (p) => set({ fix: toFix(p), error: null }),
    (err) => set({ error: describe(err) }),
    { enableHighAccuracy: true, maximumAge: 5000, timeout: 30_000 },
  );
}

export function stopWatch(): void {
  if (watchId !== null) navigator.geolocation.clearWatch(watchId);
  watchId = null;
}

export function subscribePosition(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function getPosition(): PositionState {
  return state;
}

export function usePosition(): PositionState {
  return useSyncExternalStore(subscribePosition, getPosition);
}

/**
 * A current fix for a report: the watched one if it is at most 15 s old (watchPosition keeps it fresh
 * while the phone moves), else one asked for now, falling back to a watched fix of up to two minutes
 * (indoors the request can time out).
 */
export function freshFix(timeoutMs = 12_000): Promise<Fix> {
  const f = state.fix;
  if (f && Date.now() - f.at <= 15_000) return Promise.resolve(f);
  return new Promise((resolve, reject) => {
    const fallback = (err?: GeolocationPositionError) => {
      const f = state.fix;
      if (f && Date.now() - f.at < 120_000) resolve(f);
      else reject(new Error(err ? describe(err) : '此设备不支持定位'));
    };
    if (!('geolocation' in navigator)) return fallback();
    navigator.geolocation.getCurrentPosition(
      (p) => {
        const f = toFix(p);
        set({ fix: f, error: null });
        resolve(f);
      },
      fallback,
      { enableHighAccuracy: true, maximumAge: 0, timeout: timeoutMs },
    );
  });
}
