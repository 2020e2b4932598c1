import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, buildQuery } from '../../api/client';
import type { ApiBody } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { COLOR_HEX, getResults, latestDonePerPeriod, listRuns } from '../index/api';
import { coverageColour, hexA, type Layer } from './mapQuery';

/**
 * The fills of the map's layers: the latest index colours of villages, or the patrol coverage of the last
 * 30 days (by division code), and the note that says what the map shows.
 */
export function useMapLayers(layers: Layer[]) {
  const { t } = useTranslation();
  const [fills, setFills] = useState<Map<string, string> | null>(null);
  const [layerNote, setLayerNote] = useState<string | null>(null);

  const layerKey = layers.join(',');
  useEffect(() => {
    let alive = true;
    setLayerNote(null);
    if (layers.includes('index')) {
      listRuns()
        .then(async (runs) => {
          const run = latestDonePerPeriod(runs).find((r) => !r.period.includes('Q') && !r.summary?.partial);
          if (!run) return alive && (setFills(null), setLayerNote(t('mapx.noIndex')));
          const r = await getResults(run.id, 'village');
          if (!alive) return;
          setFills(new Map(r.items.map((u) => [u.divisionCode, hexA(COLOR_HEX[u.color], 0.55)])));
          setLayerNote(t('mapx.indexOf', { period: run.period }));
        })
        .catch((e) => alive && setLayerNote(errorMessage(e, t)));
    } else if (layers.includes('coverage')) {
      const day = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
      const to = new Date(Date.now() + 86_400_000);
      const from = new Date(Date.now() - 30 * 86_400_000);
      api<ApiBody<'/api/patrol/coverage'>>(`/api/patrol/coverage${buildQuery({ from: day(from), to: day(to) })}`)
        .then((r) => {
          if (!alive) return;
          setFills(new Map(r.items.map((u) => [u.divisionCode, coverageColour(u.coveredShare)])));
          setLayerNote(t('mapx.coverageOf', { from: day(from), to: day(new Date()) }));
        })
        .catch((e) => alive && setLayerNote(errorMessage(e, t)));
    } else {
      setFills(null);
      if (layers.includes('patches')) setLayerNote(t('mapx.patchNote'));
    }
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [layerKey, t]);

  return { fills, layerNote };
}
