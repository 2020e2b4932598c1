import { api, buildQuery } from '../../api/client';
import type { ApiBody } from '../../api/types';
import type { paths } from '../../api/schema.gen';

/** The responsibility letters' API (types generated from the server's schemas). */
export type LetterList = ApiBody<'/api/letters'>;
export type Letter = LetterList['items'][number];
export type LetterDetail = ApiBody<'/api/letters/{id}'>;
export type LetterCreate = paths['/api/letters']['post']['requestBody']['content']['application/json'];
export type LetterPatch = NonNullable<paths['/api/letters/{id}']['patch']['requestBody']>['content']['application/json'];
export type TargetStatus = Letter['progress']['status'];

export const listLetters = (q: { year?: number; town?: string }, signal?: AbortSignal) => api<LetterList>(`/api/letters${buildQuery(q)}`, { signal });
export const getLetter = (id: string, signal?: AbortSignal) => api<LetterDetail>(`/api/letters/${id}`, { signal });
export const createLetter = (body: LetterCreate) => api<LetterDetail>('/api/letters', { method: 'POST', body });
export const patchLetter = (id: string, body: LetterPatch) => api<LetterDetail>(`/api/letters/${id}`, { method: 'PATCH', body });

/** The signed letter goes as multipart (the JSON client does not send files); errors keep the API's zh-CN message. */
export async function uploadSigned(id: string, file: File, version: number): Promise<LetterDetail> {
  const fd = new FormData();
  fd.append('name', file.name);
  fd.append('version', String(version));
  fd.append('file', file, file.name);
  const res = await fetch(`/api/letters/${id}/file`, { method: 'PUT', body: fd, credentials: 'same-origin', headers: { accept: 'application/json' } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error((body as { message?: string } | null)?.message ?? `HTTP ${res.status}`);
  return body as LetterDetail;
}

export const STATUS_TAG: Record<TargetStatus, string> = { met: 'success', in_progress: 'processing', missed: 'error', no_data: 'default' };
