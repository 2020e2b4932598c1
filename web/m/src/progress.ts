/** Bytes sent so far of what is on its way (a report's request, an original), for the queue's x %. Not stored. */
const progress = new Map<string, { sent: number; total: number }>();
const listeners = new Set<() => void>();

export function setProgress(key: string, sent: number, total: number): void {
  progress.set(key, { sent, total });
  listeners.forEach((fn) => fn());
}

export function clearProgress(key: string): void {
  if (progress.delete(key)) listeners.forEach((fn) => fn());
}

export function getProgress(key: string): { sent: number; total: number } | undefined {
  return progress.get(key);
}

/** Also woken by other changes that the queue shows (the Wi-Fi choice). */
export function onProgress(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function progressChanged(): void {
  listeners.forEach((fn) => fn());
}
