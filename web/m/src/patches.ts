/**
 * Change patches (变化图斑) to check in the field around the inspector (GET /api/patches/near), the registered
 * cases near one (the choice for 已掌握), and the verdict with its photos (POST /api/patches/{id}/verdict).
 * A verdict is sent online: it is a decision on the spot, answered at once (no outbox).
 */
import { useSyncExternalStore } from 'react';
import { buildQuery } from '../../src/api/client';
import type { ApiBody } from '../../src/api/types';
import { request } from './api';
import type { Fix } from './position';

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

let items: PatchNear[] = [];
let asked = 0;
const listeners = new Set<() => void>();
const set = (next: PatchNear[]) => {
  items = next;
  listeners.forEach((fn) => fn());
};

/** Asks for the pending patches around a point; a late answer to an earlier question is dropped. */
export function queryPatches(lon: number, lat: number): void {
  const mine = ++asked;
  request<ApiBody<'/api/patches/near'>>(`/api/patches/near${buildQuery({ lon: lon.toFixed(7), lat: lat.toFixed(7), radius: PATCHES_AROUND_M })}`, { timeoutMs: 10_000 }).then(
    (r) => mine === asked && set(r.body.items),
    () => undefined,
  );
}

export function usePatches(): PatchNear[] {
  return useSyncExternalStore(
    (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    () => items,
  );
}

export const casesNear = async (patchId: string) => (await request<ApiBody<'/api/patches/{id}/cases'>>(`/api/patches/${patchId}/cases`, { timeoutMs: 10_000 })).body.items;

/** Sends the verdict with its photos and the phone's fix; the answer is the patch as it now stands. */
export async function sendVerdict(p: PatchNear, v: { verdict: Verdict; note: string; caseId: string | null; files: File[]; fix: Fix | null }) {
  const form = new FormData();
  form.append('verdict', v.verdict);
  form.append('version', String(p.version));
  if (v.note.trim()) form.append('note', v.note.trim());
  if (v.caseId) form.append('caseId', v.caseId);
  if (v.fix) {
    form.append('lon', v.fix.lon.toFixed(7));
    form.append('lat', v.fix.lat.toFixed(7));
    form.append('accuracy', String(Math.round(v.fix.accuracy)));
  }
  for (const f of v.files) form.append('photo', f, f.name || 'photo.jpg');
  const r = await request<ApiBody<'/api/patches/{id}/verdict', 'post'>>(`/api/patches/${p.id}/verdict`, { method: 'POST', form, timeoutMs: 60_000 });
  // answered: it is no longer a field task here
  set(items.filter((x) => x.id !== p.id));
  return r.body;
}
