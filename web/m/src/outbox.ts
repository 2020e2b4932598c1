/**
 * The outbox: every report, added photo and track batch is written here (photos included) before
 * anything is sent, and stays until the server has confirmed it. sync.ts sends it.
 */
import { db, type ItemState, type OutboxItem } from './db';
import { uuid } from './geo';

const KEEP_SENT_MS = 7 * 24 * 3600_000;

const listeners = new Set<() => void>();
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('wwj-patrol-outbox');
channel?.addEventListener('message', () => listeners.forEach((fn) => fn()));

/** Called after any change of the outbox, in this tab or another one. */
export function onOutboxChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Tell the lists that the outbox changed (for writers that go to IndexedDB directly). */
export function changed() {
  listeners.forEach((fn) => fn());
  channel?.postMessage('changed');
}

/** Stores a new item and resolves only once IndexedDB has committed it. */
export async function addItem(item: OutboxItem): Promise<void> {
  const d = await db();
  await d.put('outbox', item);
  changed();
}

/** The items of one account, newest first. */
export async function listItems(owner: string): Promise<OutboxItem[]> {
  const items = await (await db()).getAllFromIndex('outbox', 'byOwner', owner);
  return items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function getItem(id: string): Promise<OutboxItem | undefined> {
  return (await db()).get('outbox', id);
}

/** Read, change and write one item in one transaction. */
export async function updateItem(id: string, change: (item: OutboxItem) => OutboxItem | null): Promise<OutboxItem | null> {
  const d = await db();
  const tx = d.transaction('outbox', 'readwrite');
  const item = await tx.store.get(id);
  const next = item ? change(item) : null;
  if (next) await tx.store.put(next);
  await tx.done;
  if (next) changed();
  return next;
}

export async function removeItem(id: string): Promise<void> {
  await (await db()).delete('outbox', id);
  changed();
}

/** A failed item goes back to the queue (the 重试 button). */
export function retryItem(id: string) {
  return updateItem(id, (it) => (it.state === 'failed' ? { ...it, state: 'queued', nextAttemptAt: 0, error: null } : null));
}

/**
 * A report the server refused for its campaign (专项整治: ended, or the place outside it) made again without
 * the campaign, as an illegal-building report: under a new clientId (the campaign was part of the report's
 * content), the photos added to it following it. One transaction: the old item goes as the new one comes.
 */
export async function resendWithoutCampaign(id: string): Promise<string | null> {
  const d = await db();
  const tx = d.transaction('outbox', 'readwrite');
  const it = await tx.store.get(id);
  if (it?.kind !== 'case' || it.state !== 'failed' || !it.payload.campaignId) {
    await tx.done;
    return null;
  }
  const { campaignId: _c, campaignName: _n, ...payload } = it.payload;
  // the campaign's categories are a subset of the illegal buildings' (杆线、构筑物、房屋、其他)
  const next: OutboxItem = { ...it, id: uuid(), payload, state: 'queued', attempts: 0, nextAttemptAt: 0, error: null, errorCode: null };
  await tx.store.put(next);
  for (const o of await tx.store.index('byOwner').getAll(it.owner)) {
    if (o.kind === 'photos' && o.payload.caseClientId === id)
      await tx.store.put({ ...o, payload: { ...o.payload, caseClientId: next.id }, ...(o.state === 'failed' ? { state: 'queued' as const, nextAttemptAt: 0, error: null } : {}) });
  }
  await tx.store.delete(id);
  await tx.done;
  changed();
  return next.id;
}

/**
 * After a restart: an item left "sending" by a closed page goes back to the queue (resending is safe:
 * the server knows it by its clientId). Sent items older than a week are forgotten.
 */
export async function tidyOutbox(owner: string): Promise<void> {
  const d = await db();
  const tx = d.transaction('outbox', 'readwrite');
  let n = 0;
  for (const it of await tx.store.index('byOwner').getAll(owner)) {
    if (it.state === 'sending') {
      await tx.store.put({ ...it, state: 'queued' });
      n++;
    } else if (it.state === 'sent' && it.sentAt && Date.now() - Date.parse(it.sentAt) > KEEP_SENT_MS && !hasPendingOriginals(it)) {
      await tx.store.delete(it.id);
      n++;
    }
  }
  await tx.done;
  if (n) changed();
}

/** An original still to be sent keeps its item (and its bytes) on the phone. */
export const hasPendingOriginals = (it: OutboxItem) => it.kind !== 'track' && (it.originals ?? []).some((o) => o.status === 'pending' && o.blob);

export function countByState(items: OutboxItem[]): Record<ItemState, number> {
  const c: Record<ItemState, number> = { queued: 0, sending: 0, sent: 0, failed: 0 };
  for (const it of items) c[it.state]++;
  return c;
}
