/**
 * Items of running campaigns (专项整治: abandoned poles and lines, a block's structures) around the inspector
 * (GET /api/campaigns/nearby), asked for with the known cases around (around.ts) and kept beside them.
 */
import { useSyncExternalStore } from 'react';
import { buildQuery } from '../../src/api/client';
import type { ApiBody } from '../../src/api/types';
import { request } from './api';
import { cacheGet, cachePut } from './db';
import { inMultiPolygon, type Ring } from '../../../shared/geo';

export type CampaignItemNear = ApiBody<'/api/campaigns/nearby'>['items'][number];

let items: CampaignItemNear[] = [];
let asked = 0;
const listeners = new Set<() => void>();
const set = (next: CampaignItemNear[]) => {
  items = next;
  listeners.forEach((fn) => fn());
};

/** Asks for the open campaign items within `radius` metres; a late answer to an earlier question is dropped. */
export function queryCampaignItems(lon: number, lat: number, radius: number): void {
  const mine = ++asked;
  request<ApiBody<'/api/campaigns/nearby'>>(`/api/campaigns/nearby${buildQuery({ lon: lon.toFixed(7), lat: lat.toFixed(7), radius: Math.round(radius) })}`, {
    timeoutMs: 8000,
  }).then(
    (r) => mine === asked && set(r.body.items),
    () => undefined,
  );
}

export function clearCampaignItems(): void {
  asked++;
  set([]);
}

export function useCampaignItems(): CampaignItemNear[] {
  return useSyncExternalStore(
    (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    () => items,
  );
}

/**
 * The campaigns running today with their scope (GET /api/campaigns/active), kept on the phone so that the
 * report sheet offers them offline too; the server checks the chosen one again when the report is sent.
 */
export type ActiveCampaign = ApiBody<'/api/campaigns/active'>['items'][number];
type Kept = { at: number; items: ActiveCampaign[] };

let active: ActiveCampaign[] = [];
let activeOwner: string | null = null;
const activeListeners = new Set<() => void>();
const setActive = (next: ActiveCampaign[]) => {
  active = next;
  activeListeners.forEach((fn) => fn());
};

/** Loads the running campaigns for this account: the copy on the phone at once, then the server's (when it answers). */
export function refreshActiveCampaigns(owner: string): void {
  if (activeOwner !== owner) {
    activeOwner = owner;
    setActive([]);
    void cacheGet<Kept>(`campaigns:${owner}`).then((kept) => {
      if (kept && activeOwner === owner && !active.length) setActive(kept.items);
    });
  }
  request<ApiBody<'/api/campaigns/active'>>('/api/campaigns/active', { timeoutMs: 8000 }).then(
    (r) => {
      if (activeOwner !== owner) return;
      setActive(r.body.items);
      void cachePut(`campaigns:${owner}`, { at: Date.now(), items: r.body.items } satisfies Kept);
    },
    () => undefined,
  );
}

export function clearActiveCampaigns(): void {
  activeOwner = null;
  setActive([]);
}

export function useActiveCampaigns(): ActiveCampaign[] {
  return useSyncExternalStore(
    (fn) => {
      activeListeners.add(fn);
      return () => activeListeners.delete(fn);
    },
    () => active,
  );
}

type Polygonal = { type: string; coordinates: unknown };

/** The point inside a GeoJSON Polygon or MultiPolygon (holes respected); other geometries: false. */
export function inPolygonal(p: [number, number], g: Polygonal | null | undefined): boolean {
  if (!g) return false;
  const polys = g.type === 'Polygon' ? [g.coordinates as Ring[]] : g.type === 'MultiPolygon' ? (g.coordinates as Ring[][]) : [];
  return inMultiPolygon(p[0], p[1], polys);
}

/** A division's boundary as the phone keeps it (GET /api/divisions?format=geojson). */
export interface BoundaryFeature {
  properties: { code: string; parentCode: string | null };
  geometry: Polygonal | null;
}

/**
 * The running campaigns whose scope holds the point: inside one of its divisions (none: the whole city)
 * and inside its drawn area when it has one. A division the phone has no boundary for (or no boundaries
 * at all, e.g. on a first start offline) counts as holding it: the server decides when the report arrives.
 */
export function campaignsAt(list: ActiveCampaign[], lon: number, lat: number, boundaries: BoundaryFeature[] | null): ActiveCampaign[] {
  const p: [number, number] = [lon, lat];
  const byCode = new Map((boundaries ?? []).map((f) => [f.properties.code, f]));
  const holds = (code: string) => {
    const f = byCode.get(code);
    return !f?.geometry || inPolygonal(p, f.geometry);
  };
  return list.filter((c) => (!c.scopeDivisions.length || c.scopeDivisions.some(holds)) && (!c.scopeArea || inPolygonal(p, c.scopeArea)));
}
