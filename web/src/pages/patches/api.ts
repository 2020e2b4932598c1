import { api, buildQuery } from '../../api/client';
import type { ApiBody } from '../../api/types';

/** 图斑核查: the batches, their patches, one patch, the town's review, a batch import (GET/POST /api/patches…). */
export type PatchBatchList = ApiBody<'/api/patches/batches'>;
export type PatchBatch = PatchBatchList['items'][number];
export type PatchBatchDetail = ApiBody<'/api/patches/batches/{id}'>;
export type PatchList = ApiBody<'/api/patches'>;
export type Patch = PatchList['items'][number];
export type PatchDetail = ApiBody<'/api/patches/{id}'>;
export type ImportReport = ApiBody<'/api/patches/batches', 'post'>;

export const getBatches = (signal?: AbortSignal) => api<PatchBatchList>('/api/patches/batches', { signal });
export const getBatch = (id: string, signal?: AbortSignal) => api<PatchBatchDetail>(`/api/patches/batches/${id}`, { signal });
export const getPatches = (q: { batchId?: string; status?: string; town?: string }, signal?: AbortSignal) =>
  api<PatchList>(`/api/patches${buildQuery({ ...q, limit: 500 })}`, { signal });
export const getPatch = (id: string, signal?: AbortSignal) => api<PatchDetail>(`/api/patches/${id}`, { signal });
export const reviewPatch = (id: string, body: { action: 'approve' | 'return'; reason?: string; version: number }) =>
  api<Patch>(`/api/patches/${id}/review`, { method: 'POST', body });

export interface BatchForm {
  file: File;
  batchNo: string;
  source: 'satellite' | 'drone';
  detectedOn: string;
  dueOn: string;
  crs?: string;
}

/** The file goes as multipart (the JSON client does not send files); errors keep the API's zh-CN message. */
export async function sendBatch(f: BatchForm, preview: boolean): Promise<ImportReport> {
  const fd = new FormData();
  fd.append('batchNo', f.batchNo);
  fd.append('source', f.source);
  fd.append('detectedOn', f.detectedOn);
  fd.append('dueOn', f.dueOn);
  if (f.crs) fd.append('crs', f.crs);
  fd.append('file', f.file, f.file.name);
  const res = await fetch(preview ? '/api/patches/batches/preview' : '/api/patches/batches', {
    method: 'POST',
    body: fd,
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error((body as { message?: string } | null)?.message ?? `HTTP ${res.status}`);
  return body as ImportReport;
}
