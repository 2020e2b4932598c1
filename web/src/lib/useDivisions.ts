import { useEffect, useMemo, useState } from 'react';
import { getDivisions } from '../api/endpoints';
import type { Division } from '../api/types';

export function useDivisions() {
  const [items, setItems] = useState<Division[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let alive = true;
    getDivisions()
      .then((d) => alive && setItems(d))
      .catch((e) => alive && setError(e));
    return () => {
      alive = false;
    };
  }, []);
  const towns = useMemo(() => (items ?? []).filter((d) => d.level === 'town'), [items]);
  const byCode = useMemo(() => new Map((items ?? []).map((d) => [d.code, d])), [items]);
  const inJurisdiction = useMemo(() => (items ? new Set(items.filter((d) => d.inJurisdiction).map((d) => d.code)) : undefined), [items]);
  return { items, towns, byCode, inJurisdiction, error };
}
