/**
 * Change patches (变化图斑) to check in the field around the inspector (GET /api/patches/near), the registered
 * cases near one (the choice for 已掌握), and the verdict with its photos (POST /api/patches/{id}/verdict).
 * A verdict goes through the outbox as a report does: saved on the phone at once (photos included), sent when
 * the signal allows, under its clientId so that a resend after a lost answer lands once.
 */
import { useSyncExternalStore } from 'react';
import { buildQuery } from '../../src/api/client';
import type { ApiBody } from '../../src/api/types';
import { request } from './api';
import { cacheGet, cachePut, type OutboxItem } from './db';
import { uuid } from './geo';
import { addItem } from './outbox';
import type { Fix } from './position';
import { base, stored } from './reports';
import { kickNew } from './sync';

export type PatchNear = ApiBody<'/api/patches/near'>['items'][number];
export type PatchCase = ApiBody<'/api/patches/{id}/cases'>['items'][number];
export type Verdict = 'violation' | 'legal' | 'known' | 'not_found';

/** How far around the inspector patches are listed (a town's patches are a few km apart). */
export const PATCHES_AROUND_M = 5000;

export const VERDICTS: { code: Verdict; label: string; hint: string }[] = [
  { code: 'violation', label: '违法建设', hint: '登记为新案件,照片作为整改前照片' },
  { code: 'legal', label: '合法', hint: '填写许可证号等证明,并拍摄证明材料' },
  { code: 'known', label: '已掌握', hint: '对应附近已登记的案件' },
  { code: 'not_found', label: '未发现变化', hint: '拍摄现场照片' },
];
export const SOURCE_LABELS: Record<string, string> = { satellite: '卫片', drone: '无人机' };

/** The list: the server's last answer, or (no answer yet) the copy kept on the phone, with the time it was asked. */
type PatchList = { items: PatchNear[]; cachedAt: number | null };
let list: PatchList = { items: [], cachedAt: null };
let asked = 0;
let last: { lon: number; lat: number; owner: string } | null = null;
const listeners = new Set<() => void>();
const set = (next: PatchList) => {
  list = next;
  listeners.forEach((fn) => fn());
};
const cacheKey = (owner: string) => `patches-near:${owner}`;

/**
 * Asks for the pending patches around a point; a late answer to an earlier question is dropped. Each answer is
 * kept on the phone: opened without signal, the app lists the patches of its last answer.
 */
export function queryPatches(lon: number, lat: number, owner: string): void {
  if (last && last.owner !== owner) set({ items: [], cachedAt: null });
  last = { lon, lat, owner };
  const mine = ++asked;
  request<ApiBody<'/api/patches/near'>>(`/api/patches/near${buildQuery({ lon: lon.toFixed(7), lat: lat.toFixed(7), radius: PATCHES_AROUND_M })}`, { timeoutMs: 10_000 }).then(
    (r) => {
      if (mine !== asked) return;
      set({ items: r.body.items, cachedAt: null });
      void cachePut(cacheKey(owner), { at: Date.now(), items: r.body.items });
    },
    async () => {
      if (list.items.length) return;
      const kept = await cacheGet<{ at: number; items: PatchNear[] }>(cacheKey(owner));
      if (kept && mine === asked && !list.items.length) set({ items: kept.items, cachedAt: kept.at });
    },
  );
}

/**
 * Asks again where it last asked: when the app comes back to the front or the signal returns (a verdict the town
 * sent back is a field task again), and after a verdict was sent.
 */
export function refreshPatches(): void {
  if (last) queryPatches(last.lon, last.lat, last.owner);
}

export function usePatches(): PatchList {
  return useSyncExternalStore(
    (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    () => list,
  );
}

export const casesNear = async (patchId: string) => (await request<ApiBody<'/api/patches/{id}/cases'>>(`/api/patches/${patchId}/cases`, { timeoutMs: 10_000 })).body.items;

/**
 * Saves the verdict with its photos and the phone's fix in the outbox (resolves once IndexedDB holds it) and wakes
 * the sender. The patch leaves the list of field tasks at once.
 */
export async function saveVerdict(
  owner: string,
  p: PatchNear,
  v: { verdict: Verdict; note: string; caseId: string | null; caseNo: string | null; files: File[]; fix: Fix | null },
): Promise<OutboxItem> {
  const { photos, thumb } = v.files.length ? await stored(v.files) : { photos: [], thumb: null };
  const item: OutboxItem = {
    ...base(owner, uuid()),
    kind: 'verdict',
    thumb,
    payload: {
      patchId: p.id,
      patchCode: p.code,
      batchNo: p.batchNo,
      version: p.version,
      verdict: v.verdict,
      note: v.note.trim() || null,
      caseId: v.caseId,
      caseNo: v.caseNo,
      lon: v.fix?.lon ?? null,
      lat: v.fix?.lat ?? null,
      accuracy: v.fix?.accuracy ?? null,
      capturedAt: new Date(v.fix?.at ?? Date.now()).toISOString(),
      photos,
    },
    result: null,
  };
  await addItem(item);
  kickNew();
  set({ ...list, items: list.items.filter((x) => x.id !== p.id) });
  return item;
}

/**
 * A verdict in the queue's words: the verdict and, once the server has it, the case a 违法建设 registered (the
 * town's review comes later and may send it back: the patch list and 已上报 show that, not this line).
 */
export function verdictOutcome(p: { verdict: Verdict }, r: { caseNo: string | null } | null): string {
  const label = VERDICTS.find((v) => v.code === p.verdict)?.label ?? '';
  return p.verdict === 'violation' && r?.caseNo ? `${label} · 登记为案件 ${r.caseNo}` : label;
}

/**
 * The patches not to list as tasks whatever the list says: those whose verdict waits in this phone's outbox, and,
 * in a list kept from `cachedAt`, those given a verdict since.
 */
export function awaitingVerdict(outbox: OutboxItem[], cachedAt: number | null): Set<string> {
  const after = (i: OutboxItem) => cachedAt !== null && i.state !== 'failed' && Date.parse(i.createdAt) > cachedAt;
  return new Set(outbox.flatMap((i) => (i.kind === 'verdict' && (i.state === 'queued' || i.state === 'sending' || after(i)) ? [i.payload.patchId] : [])));
}
