import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Button, ConfigProvider, Spin, theme } from 'antd';
import { FullscreenOutlined, RollbackOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { getBoundaries, type DivisionProps } from '../../api/endpoints';
import type { GeoJSONFeatureCollection } from '../../api/types';
import { COLOR_HEX, getResults, type Level } from '../index/api';
import type { MapUnit } from '../index/IndexMap';
import { OverviewCharts } from './charts';
import { casesLink, OPEN_STATUSES } from './api';
import { useOverview } from './OverviewPage';
import { CockpitGoals } from '../goals/CockpitGoals';
import './overview.css';

const IndexMap = lazy(() => import('../index/IndexMap'));
const REFRESH_MS = 60_000;

const fmtWan = (m2: number) => `${(m2 / 10_000).toFixed(2)} 万㎡`;

/** 驾驶舱: the overview's figures and the five-colour map on the office's wall display, refreshing itself each minute. */
export default function CockpitPage() {
  const { t } = useTranslation();
  const [sp] = useSearchParams();
  const division = sp.get('division') ?? undefined;
  const { data, error } = useOverview(division, REFRESH_MS);
  const [now, setNow] = useState(() => new Date());
  const [boundaries, setBoundaries] = useState<GeoJSONFeatureCollection<DivisionProps> | null>(null);
  const [units, setUnits] = useState<Map<string, MapUnit>>(new Map());
  const level: Level = data?.division.level === 'city' ? 'town' : 'village';

  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    getBoundaries().then(setBoundaries, () => setBoundaries(null));
    return () => clearInterval(timer);
  }, []);
  const runId = data?.index?.runId;
  useEffect(() => {
    if (!runId) return;
    getResults(runId, level).then(
      (r) => setUnits(new Map(r.items.map((u) => [u.divisionCode, { color: u.color, score: u.score, rank: u.rank, name: u.name }]))),
      () => setUnits(new Map()),
    );
  }, [runId, level, data?.asOf]);

  const kpis = useMemo(
    () =>
      data
        ? [
            { key: 'stock', label: t('ov.stock'), value: data.totals.stock.count, sub: fmtWan(data.totals.stock.area), to: casesLink({ origin: 'stock' }) },
            { key: 'new', label: t('ov.new'), value: data.totals.new.count, sub: fmtWan(data.totals.new.area), to: casesLink({ origin: 'new' }) },
            { key: 'open', label: t('ov.open'), value: data.totals.open.count, sub: fmtWan(data.totals.open.area), to: casesLink({ status: OPEN_STATUSES }) },
            { key: 'closed', label: t('ov.closed'), value: data.totals.closed.count, sub: fmtWan(data.totals.closed.area), to: casesLink({ status: 'closed' }) },
            {
              key: 'found',
              label: t('ov.foundThisMonth'),
              value: data.thisMonth.found,
              sub: t('ov.ofWhichNew', { n: data.thisMonth.foundNew }),
              to: casesLink({ from: `${data.month}-01` }),
            },
            { key: 'closedMonth', label: t('ov.closedThisMonth'), value: data.thisMonth.closed, sub: fmtWan(data.thisMonth.closedArea), to: casesLink({ status: 'closed' }) },
            { key: 'overdue', label: t('ov.overdue'), value: data.totals.overdue, sub: t('ov.overdueSub'), to: casesLink({ overdue: '1' }), warn: data.totals.overdue > 0 },
          ]
        : [],
    [data, t],
  );

  return (
    <ConfigProvider theme={{ algorithm: theme.darkAlgorithm, token: { colorBgContainer: 'transparent' } }}>
      <div className="cockpit" data-testid="cockpit">
        <div className="cockpit-head">
          <Link to="/overview">
            <Button type="text" icon={<RollbackOutlined />} aria-label={t('ov.back')}>
              {t('ov.back')}
            </Button>
          </Link>
          <h1 className="cockpit-title">{data ? t('ov.cockpitTitle', { name: data.division.name }) : t('ov.cockpit')}</h1>
          <span className="cockpit-clock" data-testid="cockpit-clock">
            {now.toLocaleString('zh-CN', { hour12: false })} · {t('ov.autoRefresh')}
          </span>
          <Button type="text" icon={<FullscreenOutlined />} aria-label={t('ov.fullscreen')} onClick={() => document.documentElement.requestFullscreen?.().catch(() => undefined)} />
        </div>
        {!data ? (
          <div style={{ textAlign: 'center', padding: 80 }}>{error ?? <Spin size="large" />}</div>
        ) : (
          <>
            <div className="cockpit-kpis">
              {kpis.map((k) => (
                <Link key={k.key} to={k.to} className={`cockpit-kpi${k.warn ? ' warn' : ''}`} data-testid={`kpi-${k.key}`}>
                  <div className="label">{k.label}</div>
                  <div className="value">{k.value.toLocaleString()}</div>
                  <div className="sub">{k.sub}</div>
                </Link>
              ))}
            </div>
            <CockpitGoals division={division} refreshMs={REFRESH_MS} />
            <div className="cockpit-body">
              <div className="cockpit-panel">
                <h2>{data.index ? t('ov.mapTitle', { period: data.index.period }) : t('ov.noIndex')}</h2>
                <div className="cockpit-map" data-testid="cockpit-map">
                  <Suspense fallback={<Spin />}>
                    <IndexMap
                      boundaries={boundaries}
                      level={level}
                      units={units}
                      tileUrl={null}
                      selected={null}
                      onSelect={() => undefined}
                      describe={(u) => `${u.name} · ${u.score.toFixed(1)}`}
                    />
                  </Suspense>
                </div>
              </div>
              <div className="cockpit-panel">
                <h2>{t('ov.unitsTitle', { unit: level === 'town' ? t('ov.town') : t('ov.village') })}</h2>
                <div style={{ overflow: 'auto', flex: 1 }}>
                  <table className="cockpit-units">
                    <thead>
                      <tr>
                        <th>{level === 'town' ? t('ov.town') : t('ov.village')}</th>
                        <th>{t('ov.stockCol')}</th>
                        <th>{t('ov.clearGoal')}</th>
                        <th>{t('ov.zeroGoal')}</th>
                        <th>{t('ov.overdueCol')}</th>
                        <th>{t('ov.indexCol')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {[...data.units]
                        .sort((a, b) => (b.indexScore ?? -1) - (a.indexScore ?? -1) || b.stockClearedRate - a.stockClearedRate)
                        .slice(0, 14)
                        .map((u) => (
                          <tr key={u.code}>
                            <td>{u.name}</td>
                            <td>{u.stock}</td>
                            <td>{Math.round(u.stockClearedRate * 100)}%</td>
                            <td>{u.newOpen}</td>
                            <td style={{ color: u.overdue ? '#ff6b6b' : undefined }}>{u.overdue}</td>
                            <td>
                              {u.indexColor ? (
                                <>
                                  <span className="ov-swatch" style={{ background: COLOR_HEX[u.indexColor] }} /> {u.indexScore?.toFixed(1)}
                                </>
                              ) : (
                                '—'
                              )}
                            </td>
                          </tr>
                        ))}
                    </tbody>
                  </table>
                </div>
              </div>
            </div>
            <OverviewCharts data={data} dark height={160} />
          </>
        )}
      </div>
    </ConfigProvider>
  );
}
