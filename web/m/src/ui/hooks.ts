import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { OutboxItem } from '../db';
import { listItems, onOutboxChange } from '../outbox';

function subscribeOnline(fn: () => void) {
  window.addEventListener('online', fn);
  window.addEventListener('offline', fn);
  return () => {
    window.removeEventListener('online', fn);
    window.removeEventListener('offline', fn);
  };
}

export function useOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine);
}

/** The account's outbox, newest first, kept current. */
export function useOutbox(owner: string): OutboxItem[] {
  const [items, setItems] = useState<OutboxItem[]>([]);
  const load = useCallback(() => {
    listItems(owner).then(setItems, () => setItems([]));
  }, [owner]);
  useEffect(() => {
    load();
    return onOutboxChange(load);
  }, [load]);
  return items;
}

/** An object URL for a Blob, revoked when it changes or the component goes. */
export function useObjectUrl(blob: Blob | null | undefined): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) {
      setUrl(null);
      return;
    }
    const u = URL.createObjectURL(blob);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [blob]);
  return url;
}
