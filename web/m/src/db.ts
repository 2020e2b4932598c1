/**
 * The device's own storage (IndexedDB): the outbox of reports, photos, patch verdicts and track batches waiting to be
 * sent, the track points not yet batched, and a small cache of what the map needs offline.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { PhotoStage } from '../../src/api/types';
import type { CreatedCase } from './api';
import type { PreparedPhoto } from './photo-prep';

export type ItemState = 'queued' | 'sending' | 'sent' | 'failed';

export interface TrackPoint {
  at: string;
  lon: number;
  lat: number;
  /** metres; left out when the device did not say */
  accuracy?: number;
}

export interface CasePayload {
  lon: number;
  lat: number;
  accuracy: number | null;
  category: string | null;
  note: string | null;
  capturedAt: string;
  /** a waterlogging point (积水点) with its depth; absent: an illegal building */
  kind?: 'violation' | 'waterlogging';
  depthCm?: number | null;
  /** a running campaign (专项整治) chosen in the report sheet: the case becomes its item; the server checks it on arrival */
  campaignId?: string | null;
  campaignName?: string | null;
  /** The photos as taken (originals, EXIF kept); emptied once the server has them. */
  photos: Blob[];
  /** Per photo, its reduced copy and declaration for a two-phase send (photo-prep.ts); absent or null: sent whole. */
  prepared?: (PreparedPhoto | null)[];
}

export interface PhotosPayload {
  /** The case on the server, or the clientId of a report still in this outbox. */
  caseId: string | null;
  caseClientId: string | null;
  caseNo: string | null;
  stage: PhotoStage;
  lon: number | null;
  lat: number | null;
  accuracy: number | null;
  capturedAt: string;
  photos: Blob[];
  prepared?: (PreparedPhoto | null)[];
}

/**
 * A change patch's verdict (图斑核查结论) with its photos, given on the spot and sent when the signal allows. The
 * photos go whole (the verdict route takes no reduced copies); the item's id is the verdict's clientId.
 */
export interface VerdictPayload {
  patchId: string;
  patchCode: string;
  batchNo: string;
  /** The patch's version when the inspector saw it: a patch changed meanwhile refuses the verdict (409). */
  version: number;
  verdict: 'violation' | 'legal' | 'known' | 'not_found';
  note: string | null;
  /** 已掌握: the registered case chosen, with its number for the list. */
  caseId: string | null;
  caseNo: string | null;
  lon: number | null;
  lat: number | null;
  accuracy: number | null;
  capturedAt: string;
  photos: Blob[];
  prepared?: (PreparedPhoto | null)[];
}

/** The original of a photo sent in two phases: it follows the reduced copy as a resumable (tus) upload. */
export interface OriginalUpload {
  /** The photo on the server that awaits it. */
  photoId: string;
  sha256: string;
  bytes: number;
  /** The original's bytes, kept until the server has settled it. */
  blob: Blob | null;
  /** The tus upload once created: a later attempt resumes it. */
  uploadUrl: string | null;
  /** pending 原图待传 / verified 原图已上传 / refused 原图被拒收 (not the one declared) / failed (refused for another reason) */
  status: 'pending' | 'verified' | 'refused' | 'failed';
  error: string | null;
}

interface ItemBase {
  /** The clientId sent with a report or track batch (a UUID made on the device); any UUID for photos. */
  id: string;
  /** Username of the account that made it: only that account sends it. */
  owner: string;
  createdAt: string;
  state: ItemState;
  attempts: number;
  /** Epoch ms before which a queued item is not retried (backoff). */
  nextAttemptAt: number;
  /** Why the last attempt did not go through (the server's zh-CN message, or 网络不可用). */
  error: string | null;
  /** The server's code for a refusal (e.g. report.campaign_not_running), when it gave one. */
  errorCode?: string | null;
  sentAt: string | null;
  /** A small JPEG of the first photo, kept after sending for the list. */
  thumb: Blob | null;
  /** Reports and added photos sent in two phases: their originals, once the server holds the reduced copies. */
  originals?: OriginalUpload[];
}

export type OutboxItem =
  | (ItemBase & { kind: 'case'; payload: CasePayload; result: Pick<CreatedCase, 'id' | 'caseNo' | 'status'> | null })
  | (ItemBase & { kind: 'photos'; payload: PhotosPayload; result: { caseId: string; count: number } | null })
  | (ItemBase & { kind: 'verdict'; payload: VerdictPayload; result: { status: string; caseId: string | null; caseNo: string | null } | null })
  | (ItemBase & { kind: 'track'; payload: { points: TrackPoint[] }; result: { count: number } | null });

interface PatrolDB extends DBSchema {
  outbox: { key: string; value: OutboxItem; indexes: { byOwner: string } };
  trackPoints: { key: number; value: TrackPoint & { owner: string; id?: number }; indexes: { byOwner: string } };
  cache: { key: string; value: { key: string; at: number; value: unknown } };
}

let dbPromise: Promise<IDBPDatabase<PatrolDB>> | null = null;

export function db(): Promise<IDBPDatabase<PatrolDB>> {
  dbPromise ??= openDB<PatrolDB>('wwj-patrol', 1, {
    upgrade(d) {
      d.createObjectStore('outbox', { keyPath: 'id' }).createIndex('byOwner', 'owner');
      d.createObjectStore('trackPoints', { keyPath: 'id', autoIncrement: true }).createIndex('byOwner', 'owner');
      d.createObjectStore('cache', { keyPath: 'key' });
    },
  });
  return dbPromise;
}

export async function cacheGet<T>(key: string): Promise<T | null> {
  try {
    return ((await (await db()).get('cache', key))?.value as T | undefined) ?? null;
  } catch {
    return null;
  }
}

export async function cachePut(key: string, value: unknown): Promise<void> {
  try {
    await (await db()).put('cache', { key, at: Date.now(), value });
  } catch {
    /* a full or blocked store only costs the offline copy */
  }
}
