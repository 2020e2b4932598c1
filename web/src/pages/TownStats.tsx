import { useMemo } from 'react';
import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseSummary, Division, GeoJSONFeatureCollection } from '../api/types';
import { OPEN_STATUSES } from '../lib/status';

interface Row {
  code: string;
  name: string;
  total: number;
  open: number;
  closed: number;
  area: number;
}

/** Cases on the map per town: total, still open, closed, and built area. Click a town to filter to it. */
export function TownStats({
  cases,
  towns,
  activeTown,
  onPick,
}: {
  cases: GeoJSONFeatureCollection<CaseSummary>['features'];
  towns: Division[];
  activeTown: string | undefined;
  onPick: (code: string | null) => void;
}) {
  const { t } = useTranslation();
  const rows = useMemo(() => {
    const by = new Map<string, Row>();
    for (const d of towns) if (d.inJurisdiction) by.set(d.code, { code: d.code, name: d.name, total: 0, open: 0, closed: 0, area: 0 });
    for (const f of cases) {
      const p = f.properties;
      let r = by.get(p.townCode);
      if (!r) by.set(p.townCode, (r = { code: p.townCode, name: p.townName, total: 0, open: 0, closed: 0, area: 0 }));
      r.total++;
      if (OPEN_STATUSES.has(p.status)) r.open++;
      if (p.status === 'closed') r.closed++;
      r.area += p.areaM2 ?? 0;
    }
    const all = [...by.values()].filter((r) => !activeTown || r.code === activeTown);
    return all.sort((a, b) => b.open - a.open || b.total - a.total || a.code.localeCompare(b.code));
  }, [cases, towns, activeTown]);

  const sum = rows.reduce((acc, r) => ({ total: acc.total + r.total, open: acc.open + r.open, closed: acc.closed + r.closed, area: acc.area + r.area }), {
    total: 0,
    open: 0,
    closed: 0,
    area: 0,
  });
  const fmt = (n: number) => Math.round(n).toLocaleString();

  return (
    <div className="map-overlay map-stats" data-testid="town-stats">
      <div className="map-legend-title">
        <span>{t('map.townStats')}</span>
      </div>
      <Tooltip title={t('map.statHint')} placement="left" mouseEnterDelay={0.8}>
        <table>
          <thead>
            <tr>
              <th>{t('map.town')}</th>
              <th>{t('map.statTotal')}</th>
              <th>{t('map.statOpen')}</th>
              <th>{t('map.statClosed')}</th>
              <th>{t('map.statArea')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.code} className={r.code === activeTown ? 'active' : undefined} onClick={() => onPick(r.code === activeTown ? null : r.code)}>
                <td>{r.name}</td>
                <td>{fmt(r.total)}</td>
                <td className={r.open ? 'open' : undefined}>{fmt(r.open)}</td>
                <td>{fmt(r.closed)}</td>
                <td>{fmt(r.area)}</td>
              </tr>
            ))}
          </tbody>
          {rows.length > 1 ? (
            <tfoot>
              <tr>
                <td>{t('map.statTotalRow')}</td>
                <td>{fmt(sum.total)}</td>
                <td className="open">{fmt(sum.open)}</td>
                <td>{fmt(sum.closed)}</td>
                <td>{fmt(sum.area)}</td>
              </tr>
            </tfoot>
          ) : null}
        </table>
      </Tooltip>
    </div>
  );
}
