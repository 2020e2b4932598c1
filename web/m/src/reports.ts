/** Turning what the inspector just did into outbox items: photos copied into IndexedDB first, then sent. */
import { buildQuery } from '../../src/api/client';
import type { ApiBody, CaseSummary, PhotoStage } from '../../src/api/types';
import { ITEM_KINDS, ITEM_KIND_LABELS } from '../../../shared/item-kinds';
import { request, type NearbyCase } from './api';
import type { OutboxItem } from './db';
import { distanceM, uuid } from './geo';
import { addItem } from './outbox';
import type { Fix } from './position';
import { kickNew } from './sync';
import type { PreparedPhoto } from './photo-prep';

/**
 * The bytes of a picked file as a Blob held by IndexedDB itself (a File from an input can be a
 * reference to a file the camera app later deletes).
 */
async function snapshot(f: Blob): Promise<Blob> {
  return new Blob([await f.arrayBuffer()], { type: f.type || 'image/jpeg' });
}

/** A small JPEG of a photo for lists, or null where the browser cannot decode it (e.g. HEIC). */
export async function makeThumb(photo: Blob, max = 200): Promise<Blob | null> {
  const url = URL.createObjectURL(photo);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const k = Math.min(1, max / Math.max(img.naturalWidth, img.naturalHeight));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(img.naturalWidth * k));
    canvas.height = Math.max(1, Math.round(img.naturalHeight * k));
    canvas.getContext('2d')!.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.7));
  } catch {
    return null;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * The photos as the outbox keeps them: the phone's own copy of each (for a two-phase photo, the very bytes whose
 * hash is declared), the reduced copies and declarations, and the list's thumbnail. The reduced copies were
 * started when the photos were picked (preparePhoto is memoised per file).
 */
export async function stored(files: Blob[]): Promise<{ photos: Blob[]; prepared: (PreparedPhoto | null)[]; thumb: Blob | null }> {
  const { preparePhoto } = await import('./photo-prep'); // its own chunk: the first screen does not wait for it
  const ready = await Promise.all(files.map(preparePhoto));
  const photos = await Promise.all(files.map((f, i) => ready[i]?.original ?? snapshot(f)));
  const prepared = ready.map((x) => (x ? { reduced: x.reduced, declared: x.declared } : null));
  return { photos, prepared, thumb: ready[0]?.thumb ?? (await makeThumb(photos[0])) };
}

export function base(owner: string, id: string) {
  return { id, owner, createdAt: new Date().toISOString(), state: 'queued' as const, attempts: 0, nextAttemptAt: 0, error: null, sentAt: null };
}

export interface NewReport {
  fix: Fix;
  category: string | null;
  note: string | null;
  photos: Blob[];
  kind?: 'violation' | 'waterlogging';
  depthCm?: number | null;
  /** 专项整治 chosen (a violation report only); absent or null: 不属于专项 */
  campaign?: { id: string; name: string } | null;
}

/** A new case: stored with its photos, then the sync loop is woken. Resolves with the stored item. */
export async function saveReport(owner: string, r: NewReport): Promise<OutboxItem> {
  // the reduced copies were started when the photos were picked (preparePhoto is memoised per file)
  const { photos, prepared, thumb } = await stored(r.photos);
  const item: OutboxItem = {
    ...base(owner, uuid()),
    kind: 'case',
    // from the reduced copy where there is one: decoding the camera's 12 MP costs the phone far more
    thumb,
    payload: {
      lon: r.fix.lon,
      lat: r.fix.lat,
      accuracy: r.fix.accuracy,
      category: r.category,
      note: r.note,
      ...(r.kind === 'waterlogging' ? { kind: r.kind, depthCm: r.depthCm ?? null } : {}),
      ...(r.campaign && r.kind !== 'waterlogging' ? { campaignId: r.campaign.id, campaignName: r.campaign.name } : {}),
      capturedAt: new Date(r.fix.at).toISOString(),
      photos,
      prepared,
    },
    result: null,
  };
  await addItem(item);
  kickNew();
  return item;
}

/** Where added photos go: a case on the server, or a report of mine still in the outbox. */
export type PhotoTarget = { caseId: string; caseNo: string } | { caseClientId: string; caseNo: null };

export async function savePhotos(owner: string, target: PhotoTarget, stage: PhotoStage, fix: Fix | null, files: Blob[]): Promise<OutboxItem> {
  const { photos, prepared, thumb } = await stored(files);
  const item: OutboxItem = {
    ...base(owner, uuid()),
    kind: 'photos',
    thumb,
    payload: {
      caseId: 'caseId' in target ? target.caseId : null,
      caseClientId: 'caseClientId' in target ? target.caseClientId : null,
      caseNo: target.caseNo,
      stage,
      lon: fix?.lon ?? null,
      lat: fix?.lat ?? null,
      accuracy: fix?.accuracy ?? null,
      capturedAt: new Date(fix?.at ?? Date.now()).toISOString(),
      photos,
      prepared,
    },
    result: null,
  };
  await addItem(item);
  kickNew();
  return item;
}

/** A duplicate candidate: a case on the server near the point, or a report of mine not sent yet. */
export type Candidate = (NearbyCase & { local: false }) | { local: true; clientId: string; distance: number; createdAt: string; thumb: Blob | null; category: string | null };

/** My own unsent reports within `radius` metres of the fix (the server cannot know them yet). */
export function localCandidates(items: OutboxItem[], fix: Fix, radius: number): Candidate[] {
  const out: Candidate[] = [];
  for (const it of items) {
    if (it.kind !== 'case' || (it.state !== 'queued' && it.state !== 'sending')) continue;
    const d = distanceM(fix.lon, fix.lat, it.payload.lon, it.payload.lat);
    if (d <= radius) out.push({ local: true, clientId: it.id, distance: d, createdAt: it.createdAt, thumb: it.thumb, category: it.payload.category });
  }
  return out.sort((a, b) => a.distance - b.distance);
}

/** How many of my reports the 已上报 list shows (newest first, every kind together). */
export const MY_REPORTS_LIMIT = 50;
export type MyReport = CaseSummary;

/**
 * My reports on the server, of every kind (违法建筑, 积水点, 专项整治对象): `GET /api/cases` lists one kind at a
 * time (violations when none is named), so one request per kind, merged newest first.
 */
export async function myReports(signal?: AbortSignal): Promise<{ total: number; items: MyReport[] }> {
  const lists = await Promise.all(
    ITEM_KINDS.map(
      async (kind) =>
        (await request<ApiBody<'/api/cases'>>(`/api/cases${buildQuery({ reportedBy: 'me', kind, sort: 'found_at', order: 'desc', limit: MY_REPORTS_LIMIT })}`, { signal })).body,
    ),
  );
  const items = lists
    .flatMap((l) => l.items)
    .sort((a, b) => Date.parse(b.foundAt) - Date.parse(a.foundAt))
    .slice(0, MY_REPORTS_LIMIT);
  return { total: lists.reduce((n, l) => n + l.total, 0), items };
}

/** The kind of a report in words (违法建筑, 积水点, 专项整治对象). */
export const kindLabel = (kind: string | undefined) => ITEM_KIND_LABELS[(kind ?? 'violation') as keyof typeof ITEM_KIND_LABELS] ?? kind ?? '';
