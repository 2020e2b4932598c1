import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

/** Filter state kept in the URL so that reload, back and shared links keep it. */
export function useSearchState() {
  const [sp, setSp] = useSearchParams();
  const get = useCallback((k: string) => sp.get(k) ?? undefined, [sp]);
  const getList = useCallback((k: string) => (sp.get(k) ? sp.get(k)!.split(',').filter(Boolean) : []), [sp]);
  const update = useCallback(
    (patch: Record<string, string | number | readonly string[] | null | undefined>) => {
      setSp(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            const s = Array.isArray(v) ? v.join(',') : v === null || v === undefined ? '' : String(v);
            if (s) next.set(k, s);
            else next.delete(k);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setSp],
  );
  return useMemo(() => ({ params: sp, get, getList, update }), [sp, get, getList, update]);
}
