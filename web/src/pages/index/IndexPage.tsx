import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, DatePicker, Empty, Modal, Progress, Radio, Segmented, Select, Slider, Spin, Table, Tooltip } from 'antd';
import { DownloadOutlined, ReloadOutlined, ThunderboltOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { getBoundaries, getConfig, type DivisionProps } from '../../api/endpoints';
import type { GeoJSONFeatureCollection } from '../../api/types';
import { useUser } from '../../auth/AuthContext';
import { errorMessage } from '../../lib/errors';
import { useSearchState } from '../../lib/useSearchState';
import { useDivisions } from '../../lib/useDivisions';
import { COLORS, getResults, latestDonePerPeriod, listRuns, startRun, type IndexRun, type Level, type UnitResult } from './api';
import type { MapUnit } from './IndexMap';
import { ColorTag, ChangeCell, RankInterval } from './parts';
import './index.css';

const IndexMap = lazy(() => import('./IndexMap'));

/** The governance index: the five-colour map of towns or villages for one period, and the ranking. */
export default function IndexPage() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const s = useSearchState();
  const { items: divisions, byCode } = useDivisions();
  const counties = useMemo(() => (divisions ?? []).filter((d) => d.level === 'city'), [divisions]);
  const level = (s.get('level') as Level | undefined) ?? 'town';
  const canRun = user.role === 'city_office' || user.role === 'admin';

  const [runs, setRuns] = useState<IndexRun[] | null>(null);
  const [runsError, setRunsError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [items, setItems] = useState<UnitResult[] | null>(null);
  const [resultsError, setResultsError] = useState<string | null>(null);
  const [boundaries, setBoundaries] = useState<GeoJSONFeatureCollection<DivisionProps> | null>(null);
  const [tileUrl, setTileUrl] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [askPeriod, setAskPeriod] = useState(false);

  useEffect(() => {
    getBoundaries().then(setBoundaries, () => setBoundaries(null));
    getConfig().then(
      (c) => setTileUrl(c.mapTileUrl),
      () => setTileUrl(null),
    );
  }, []);

  useEffect(() => {
    let alive = true;
    listRuns().then(
      (r) => alive && (setRuns(r), setRunsError(null)),
      (e) => alive && setRunsError(errorMessage(e, t)),
    );
    return () => {
      alive = false;
    };
  }, [reload, t]);

  // runs waiting for the worker: look again shortly
  const pending = (runs ?? []).filter((r) => r.status === 'queued' || r.status === 'running');
  useEffect(() => {
    if (!pending.length) return;
    const timer = setTimeout(() => setReload((x) => x + 1), 2000);
    return () => clearTimeout(timer);
  }, [pending.length, runs]);

  const done = useMemo(() => latestDonePerPeriod(runs ?? []), [runs]);
  // by default the latest period that is over (a run of the current month is partial)
  const runId = s.get('run') ?? (done.find((r) => !r.summary?.partial) ?? done[0])?.id;
  const run = done.find((r) => r.id === runId) ?? (runs ?? []).find((r) => r.id === runId);
  // the slider moves through periods of the shown kind (months or quarters), oldest first
  const quarterly = !!run?.period.includes('Q');
  const periods = useMemo(() => done.filter((r) => r.period.includes('Q') === quarterly).reverse(), [done, quarterly]);

  useEffect(() => {
    if (!runId || run?.status !== 'done') return;
    let alive = true;
    setResultsError(null);
    getResults(runId, level).then(
      (r) => alive && setItems(r.items),
      (e) => alive && (setItems(null), setResultsError(errorMessage(e, t))),
    );
    return () => {
      alive = false;
    };
  }, [runId, level, run?.status, t]);

  const units = useMemo(() => new Map<string, MapUnit>((items ?? []).map((u) => [u.divisionCode, { color: u.color, score: u.score, rank: u.rank, name: u.name }])), [items]);
  const counts = useMemo(() => {
    const c = Object.fromEntries(COLORS.map((k) => [k, 0])) as Record<(typeof COLORS)[number], number>;
    for (const u of items ?? []) c[u.color]++;
    return c;
  }, [items]);
  const openUnit = useCallback((code: string) => runId && navigate(`/index/runs/${runId}/units/${code}`), [navigate, runId]);
  const describe = useCallback((u: MapUnit) => t('index.mapHover', { rank: u.rank, score: u.score.toFixed(2), color: t(`index.color.${u.color}`) }), [t]);

  const sliderIndex = Math.max(
    0,
    periods.findIndex((r) => r.id === run?.id),
  );
  const townName = (code: string | null) => (code ? (byCode.get(code)?.shortName ?? code) : '');

  async function requestRun(period: string, county: string | null) {
    try {
      const r = await startRun(period, county);
      message.success(county ? t('index.countyRunQueued', { period, county: byCode.get(county)?.name ?? '' }) : t('index.runQueued', { period }));
      setAskPeriod(false);
      s.update({ run: r.id });
      setReload((x) => x + 1);
    } catch (e) {
      message.error(errorMessage(e, t));
    }
  }

  return (
    <div className="map-page index-page">
      <div className="map-toolbar">
        <span className="map-toolbar-title">{t('index.title')}</span>
        <Select
          style={{ width: 150 }}
          placeholder={t('index.period')}
          value={run?.status === 'done' ? run.id : undefined}
          onChange={(id) => s.update({ run: id })}
          options={done.map((r) => ({ value: r.id, label: t('index.periodLabel', { period: r.period }) }))}
          data-testid="index-period"
        />
        {periods.length > 1 && (
          <Slider
            className="index-slider"
            min={0}
            max={periods.length - 1}
            value={sliderIndex}
            onChange={(i) => s.update({ run: periods[i as number].id })}
            tooltip={{ formatter: (i) => (i === undefined ? '' : periods[i].period) }}
            marks={Object.fromEntries(periods.map((r, i) => [i, i === 0 || r.period.endsWith('-01') || r.period.endsWith('-Q1') ? r.period : r.period.slice(5)]))}
          />
        )}
        <Segmented<Level>
          value={level}
          onChange={(v) => {
            setSelected(null);
            s.update({ level: v });
          }}
          options={[
            { value: 'town', label: t('index.towns') },
            { value: 'village', label: t('index.villages') },
          ]}
        />
        <Button icon={<ReloadOutlined />} onClick={() => setReload((x) => x + 1)} />
        {run?.status === 'done' && (
          <Button icon={<DownloadOutlined />} href={`/api/index/runs/${run.id}/export.xlsx`}>
            {t('index.export')}
          </Button>
        )}
        {canRun && (
          <Button type="primary" icon={<ThunderboltOutlined />} onClick={() => setAskPeriod(true)}>
            {t('index.newRun')}
          </Button>
        )}
        {pending.length > 0 && (
          <span className="muted" data-testid="index-pending">
            <Spin size="small" /> {t('index.pending', { periods: pending.map((r) => r.period).join('、') })}
            {pending
              .filter((r) => r.progress)
              .map((r) => (
                <span key={r.id} style={{ marginInlineStart: 8, display: 'inline-flex', alignItems: 'center', gap: 6 }}>
                  <Progress steps={r.progress!.steps} percent={Math.round((100 * (r.progress!.step - 1)) / r.progress!.steps)} size={[14, 6]} showInfo={false} />
                  {t('index.step', { period: r.period, step: r.progress!.step, steps: r.progress!.steps, name: t(`index.steps.${r.progress!.name}`) })}
                </span>
              ))}
          </span>
        )}
        {run?.summary && (
          <span className="muted" style={{ marginInlineStart: 'auto' }}>
            {t('index.runMeta', { version: run.definitionVersion, draws: run.summary.method.draws, seed: run.seed })}
            {run.summary.partial ? ` · ${t('index.partial')}` : ''}
            {run.summary.monthMeasures?.county ? ` · ${t('index.countyRerun', { county: byCode.get(run.summary.monthMeasures.county)?.name ?? '' })}` : ''}
          </span>
        )}
      </div>
      {runsError && <Alert type="error" showIcon title={runsError} style={{ margin: 12 }} />}
      {runs && done.length === 0 && !pending.length && (
        <div className="index-empty">
          <Empty description={canRun ? t('index.noRunsCanRun') : t('index.noRuns')}>
            {canRun && (
              <Button type="primary" onClick={() => setAskPeriod(true)}>
                {t('index.newRun')}
              </Button>
            )}
          </Empty>
        </div>
      )}
      {done.length > 0 && (
        <div className="index-body">
          <div className="map-wrap">
            <Suspense fallback={<Spin style={{ margin: 40 }} />}>
              <IndexMap boundaries={boundaries} level={level} units={units} tileUrl={tileUrl} selected={selected} onSelect={openUnit} describe={describe} />
            </Suspense>
            <div className="map-overlay map-legend index-legend" data-testid="index-legend">
              <div className="map-legend-title">
                <span>{t('index.legend')}</span>
                <span className="muted">{items?.length ?? 0}</span>
              </div>
              {COLORS.map((c) => (
                <div key={c} className="map-legend-row" style={{ cursor: 'default' }}>
                  <ColorTag color={c} compact />
                  <span>{t(`index.band.${c}`)}</span>
                  <span className="count">{counts[c]}</span>
                </div>
              ))}
              <div className="muted index-legend-note">{t('index.legendNote')}</div>
            </div>
            <div className="map-overlay map-note">{t('map.syntheticNote')}</div>
          </div>
          <div className="index-side">
            {resultsError && <Alert type="error" showIcon title={resultsError} />}
            <Table<UnitResult>
              size="small"
              rowKey="divisionCode"
              className="clickable-rows"
              loading={!items && !resultsError}
              dataSource={items ?? []}
              pagination={level === 'village' ? { pageSize: 50, size: 'small', showSizeChanger: false } : false}
              onRow={(r) => ({ onClick: () => openUnit(r.divisionCode), onMouseEnter: () => setSelected(r.divisionCode), onMouseLeave: () => setSelected(null) })}
              columns={[
                { title: t('index.rank'), dataIndex: 'rank', width: 52, align: 'right' },
                {
                  title: level === 'town' ? t('index.town') : t('index.village'),
                  dataIndex: 'name',
                  ellipsis: true,
                  render: (v: string, r) => (
                    <span>
                      {v}
                      {level === 'village' && <span className="muted"> · {townName(r.parentCode)}</span>}
                    </span>
                  ),
                },
                { title: t('index.score'), dataIndex: 'score', width: 64, align: 'right', render: (v: number) => <b>{v.toFixed(2)}</b> },
                { title: t('index.colorCol'), dataIndex: 'color', width: 64, render: (_: unknown, r) => <ColorTag color={r.color} capped={r.color !== r.bandColor} /> },
                { title: t('index.change'), key: 'change', width: 86, render: (_: unknown, r) => <ChangeCell change={r.change} /> },
                {
                  title: (
                    <Tooltip title={t('index.intervalHelp')}>
                      <span className="dotted">{t('index.interval')}</span>
                    </Tooltip>
                  ),
                  key: 'interval',
                  width: 92,
                  render: (_: unknown, r) => <RankInterval interval={r.rankInterval} />,
                },
              ]}
            />
          </div>
        </div>
      )}
      <RunModal open={askPeriod} counties={counties} onCancel={() => setAskPeriod(false)} onRun={requestRun} />
    </div>
  );
}

/**
 * The new run's period, and optionally one county whose stored month-end measures are computed again (a
 * correction it asked for: the other counties' villages are read as stored; docs/index.md).
 */
function RunModal({
  open,
  counties,
  onCancel,
  onRun,
}: {
  open: boolean;
  counties: { code: string; name: string }[];
  onCancel: () => void;
  onRun: (period: string, county: string | null) => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'month' | 'quarter'>('month');
  const [value, setValue] = useState<Dayjs | null>(dayjs().subtract(1, 'month'));
  const [county, setCounty] = useState<string | null>(null);
  const period = value ? (kind === 'month' ? value.format('YYYY-MM') : `${value.year()}-Q${Math.floor(value.month() / 3) + 1}`) : null;
  return (
    <Modal
      open={open}
      title={t('index.newRun')}
      onCancel={onCancel}
      onOk={() => period && onRun(period, county)}
      okButtonProps={{ disabled: !period }}
      okText={t('index.start')}
      destroyOnHidden
    >
      <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
        <Radio.Group
          value={kind}
          onChange={(e) => setKind(e.target.value)}
          optionType="button"
          options={[
            { value: 'month', label: t('index.month') },
            { value: 'quarter', label: t('index.quarter') },
          ]}
        />
        <DatePicker picker={kind} value={value} onChange={setValue} disabledDate={(d) => d.isAfter(dayjs(), 'month')} allowClear={false} />
        <div className="muted">{t('index.runHelp')}</div>
        {counties.length > 0 && (
          <>
            <Select
              value={county ?? ''}
              onChange={(v) => setCounty(v || null)}
              options={[{ value: '', label: t('index.rerunAll') }, ...counties.map((c) => ({ value: c.code, label: t('index.rerunCounty', { county: c.name }) }))]}
              data-testid="index-run-county"
            />
            {county && <div className="muted">{t('index.countyRunHelp')}</div>}
          </>
        )}
      </div>
    </Modal>
  );
}
