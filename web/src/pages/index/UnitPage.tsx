import { useEffect, useMemo, useState } from 'react';
import { Alert, Breadcrumb, Card, Progress, Table, Tag, Tooltip } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { FullPageSpin } from '../../components/FullPageSpin';
import { errorMessage } from '../../lib/errors';
import { useDivisions } from '../../lib/useDivisions';
import { buildQuery } from '../../api/client';
import { COLOR_HEX, fmtValue, getTrend, getUnit, type TrendPoint, type IndexDefinition, type IndexRun, type IndicatorDef, type IndicatorResult, type UnitResult } from './api';
import { ChangeCell, ColorProbabilities, ColorTag, RankInterval, TrendChart } from './parts';
import './index.css';
import { GoalsCard } from '../goals/GoalsPanel';

type Loaded = { run: IndexRun; definition: IndexDefinition; result: UnitResult };

const STANDING = 'verified,classified,rectifying,closing_requested';

/** China calendar day of an instant (YYYY-MM-DD). */
const chinaDay = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * The case list behind an indicator, as far as the list's filters reach: it shows today's state of the
 * cases, so a past period's list can differ from the number (which is as of the period's end).
 */
function casesLink(id: string, code: string, run: IndexRun): string | null {
  const flow = { from: run.summary?.flowWindowStart ? chinaDay(run.summary.flowWindowStart) : undefined, to: chinaDay(run.periodEnd) };
  const q: Record<string, string | undefined> = { division: code };
  switch (id) {
    case 'A1':
    case 'A2':
      q.status = STANDING;
      break;
    case 'A3':
      q.origin = 'stock';
      break;
    case 'B1':
    case 'B2':
    case 'C2':
      Object.assign(q, { origin: 'new' }, flow);
      break;
    case 'B3':
      Object.assign(q, { origin: 'new', class: 'demolish' }, flow);
      break;
    case 'D2':
      Object.assign(q, { source: 'complaint' }, flow);
      break;
    case 'D3':
      q.class = 'defer';
      break;
    case 'D4':
      q.status = 'closed';
      break;
    case 'C4':
    case 'D1':
      break;
    default:
      return null;
  }
  return `/cases${buildQuery(q)}`;
}

/** One town or village: its score against the goalposts, indicator by indicator, and how solid its rank is. */
export default function UnitPage() {
  const { t, i18n } = useTranslation();
  const { id = '', code = '' } = useParams();
  const { byCode } = useDivisions();
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [trend, setTrend] = useState<TrendPoint[] | null>(null);
  const en = i18n.language === 'en';

  useEffect(() => {
    let alive = true;
    getTrend(code).then(
      (items) => alive && setTrend(items),
      () => alive && setTrend([]),
    );
    return () => {
      alive = false;
    };
  }, [code]);

  useEffect(() => {
    let alive = true;
    setData(null);
    getUnit(id, code).then(
      (d) => alive && setData(d),
      (e) => alive && setError(errorMessage(e, t)),
    );
    return () => {
      alive = false;
    };
  }, [id, code, t]);

  const defs = useMemo(() => new Map((data?.definition.indicators ?? []).map((d) => [d.id, d])), [data]);
  if (error) return <Alert type="error" showIcon title={error} style={{ margin: 16 }} />;
  if (!data) return <FullPageSpin />;
  const { run, definition, result: r } = data;
  const name2 = (x: { zh: string; en: string }) => (en ? x.en : x.zh);
  const levelCount = run.summary?.levels[r.level].units ?? 0;
  const town = r.parentCode ? byCode.get(r.parentCode) : null;
  const included = r.indicators.filter((x) => x.status === 'included' && x.normalised !== null);
  const strengths = [...included].sort((a, b) => (b.normalised ?? 0) - (a.normalised ?? 0) || b.weight - a.weight).slice(0, 3);
  const weaknesses = [...included].sort((a, b) => b.pointsLost - a.pointsLost).slice(0, 3);
  const dimName = new Map(definition.dimensions.map((d) => [d.id, name2(d.name)]));

  const statusTag = (x: IndicatorResult) => {
    if (x.status !== 'included') return <Tag>{t(`index.status.${x.status}`)}</Tag>;
    if (x.missing && x.imputed === null)
      return (
        <Tooltip title={t('index.excludedHelp')}>
          <Tag>{t(`index.excluded.${x.missing}`)}</Tag>
        </Tooltip>
      );
    if (x.missing)
      return (
        <Tooltip title={t('index.imputedHelp', { value: fmtValue(x.imputed) })}>
          <Tag color="warning">{t(`index.missing.${x.missing}`)}</Tag>
        </Tooltip>
      );
    return null;
  };

  return (
    <div className="page">
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[
          { title: <Link to={`/index?run=${run.id}&level=${r.level}`}>{t('index.title')}</Link> },
          { title: t('index.periodLabel', { period: run.period }) },
          ...(town ? [{ title: <Link to={`/index/runs/${run.id}/units/${town.code}`}>{town.shortName}</Link> }] : []),
          { title: r.name },
        ]}
      />
      <div className="panel index-unit-head" data-testid="index-unit-head">
        <div>
          <div className="index-unit-name">{r.name}</div>
          <div className="muted">
            {r.level === 'town' ? t('index.town') : `${t('index.village')} · ${town?.shortName ?? ''}`} · {t('index.periodLabel', { period: run.period })}
          </div>
        </div>
        <div className="index-unit-score" style={{ color: COLOR_HEX[r.color] }}>
          {r.score.toFixed(2)}
        </div>
        <ColorTag color={r.color} capped={r.color !== r.bandColor} />
        <div className="index-unit-stat">
          <span className="label">{r.level === 'town' ? t('index.rankTowns') : t('index.rankVillages')}</span>
          <span className="value">{t('index.rankOf', { rank: r.rank, n: levelCount })}</span>
        </div>
        {r.rankInTown !== null && (
          <div className="index-unit-stat">
            <span className="label">{t('index.rankInTown')}</span>
            <span className="value">{r.rankInTown}</span>
          </div>
        )}
        <div className="index-unit-stat">
          <span className="label">{t('index.interval')}</span>
          <span className="value">
            <RankInterval interval={r.rankInterval} />
          </span>
        </div>
        <div className="index-unit-stat">
          <span className="label">{t('index.changeSince', { period: run.summary?.previousPeriod ?? '' })}</span>
          <span className="value">
            <ChangeCell change={r.change} />
          </span>
        </div>
      </div>
      {r.redLines.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('index.redLinesFired')}
          description={r.redLines.map((x) => {
            const rule = definition.redLines.find((y) => y.id === x.id);
            return (
              <div key={x.id}>
                {rule ? name2(rule.name) : x.id}:{t('index.redLineCap', { color: t(`index.color.${x.cap}`), value: fmtValue(x.value) })}
              </div>
            );
          })}
        />
      )}
      <div className="index-grid">
        <Card size="small" title={t('index.dimensions')}>
          {r.dimensions.map((d) => (
            <div className="index-dim-row" key={d.id}>
              <span className="name">{dimName.get(d.id)}</span>
              <Progress percent={d.score ?? 0} showInfo={false} strokeColor="#1456c8" size="small" />
              <b style={{ width: 44, textAlign: 'right' }}>{d.score === null ? '—' : d.score.toFixed(1)}</b>
              <span className="muted" style={{ width: 60 }}>
                {t('index.weightPts', { w: d.weight.toFixed(1) })}
              </span>
            </div>
          ))}
        </Card>
        <Card size="small" title={t('index.robustness')}>
          <div style={{ marginBottom: 8 }}>
            {r.rankInterval
              ? t('index.robustnessText', {
                  p5: r.rankInterval.p5,
                  p95: r.rankInterval.p95,
                  median: r.rankInterval.median,
                  draws: run.summary?.method.draws ?? 0,
                  spread: Math.round((run.summary?.method.weightSpread ?? 0) * 100),
                })
              : '—'}
          </div>
          <ColorProbabilities probs={r.colorProbabilities} />
        </Card>
        <Card size="small" title={t('index.trend')}>
          {trend ? (
            <TrendChart
              points={trend.filter((p) => p.period.includes('Q') === run.period.includes('Q'))}
              current={run.period}
              code={r.divisionCode}
              bands={definition.grading.bands}
            />
          ) : null}
        </Card>
        <Card size="small" title={t('index.strengthsWeaknesses')}>
          <div className="muted">{t('index.strengths')}</div>
          <ul className="index-list">
            {strengths.map((x) => (
              <li key={x.id}>
                {name2(defs.get(x.id)!.name)} <b>{x.normalised?.toFixed(0)}</b>
              </li>
            ))}
          </ul>
          <div className="muted">{t('index.weaknesses')}</div>
          <ul className="index-list">
            {weaknesses.map((x) => (
              <li key={x.id}>
                {name2(defs.get(x.id)!.name)} {t('index.lost', { pts: x.pointsLost.toFixed(1) })}
              </li>
            ))}
          </ul>
        </Card>
      </div>
      {r.level === 'town' && <GoalsCard division={r.divisionCode} units={false} />}
      <Card size="small" title={t('index.indicators')} className="section">
        <Table<IndicatorResult>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={r.indicators}
          columns={[
            { title: t('index.dimension'), dataIndex: 'dimension', width: 92, render: (v: string) => dimName.get(v) },
            {
              title: t('index.indicator'),
              dataIndex: 'id',
              render: (v: string) => {
                const d = defs.get(v) as IndicatorDef;
                return (
                  <Tooltip title={d.meaning}>
                    <span className="dotted">
                      {v} {name2(d.name)}
                    </span>
                  </Tooltip>
                );
              },
            },
            {
              title: t('index.raw'),
              key: 'raw',
              width: 130,
              align: 'right',
              render: (_: unknown, x) => (
                <span>
                  {x.raw !== null ? fmtValue(x.raw) : x.imputed !== null ? <span className="muted">({fmtValue(x.imputed)})</span> : '—'}{' '}
                  <span className="muted">{defs.get(x.id)?.unit}</span>
                </span>
              ),
            },
            {
              title: t('index.goalposts'),
              key: 'gp',
              width: 190,
              render: (_: unknown, x) => {
                const d = defs.get(x.id)!;
                const worst = d.direction === 'lower' ? d.goalposts.upper : d.goalposts.lower;
                const best = d.direction === 'lower' ? d.goalposts.lower : d.goalposts.upper;
                return (
                  <div>
                    <div className="index-gauge">{x.normalised !== null && <i style={{ left: `${x.normalised}%` }} />}</div>
                    <div className="index-gauge-labels">
                      <span>{fmtValue(worst)}</span>
                      <span>{d.direction === 'lower' ? t('index.lowerBetter') : t('index.higherBetter')}</span>
                      <span>{fmtValue(best)}</span>
                    </div>
                  </div>
                );
              },
            },
            { title: t('index.normalised'), dataIndex: 'normalised', width: 64, align: 'right', render: (v: number | null) => (v === null ? '—' : v.toFixed(1)) },
            { title: t('index.weight'), dataIndex: 'weight', width: 58, align: 'right', render: (v: number) => (v ? v.toFixed(2) : '—') },
            { title: t('index.contribution'), dataIndex: 'contribution', width: 64, align: 'right', render: (v: number, x) => (x.normalised !== null ? v.toFixed(2) : '—') },
            {
              title: t('index.pointsLost'),
              dataIndex: 'pointsLost',
              width: 64,
              align: 'right',
              render: (v: number, x) => (x.normalised !== null ? <span style={{ color: v > 3 ? '#c92a2a' : undefined }}>{v.toFixed(2)}</span> : '—'),
            },
            { title: '', key: 'st', width: 110, render: (_: unknown, x) => statusTag(x) },
            {
              title: t('index.cases'),
              key: 'cases',
              width: 64,
              render: (_: unknown, x) => {
                const href = x.status === 'included' && x.normalised !== null ? casesLink(x.id, r.divisionCode, run) : null;
                return href ? (
                  <Tooltip title={t('index.casesHelp')}>
                    <Link to={href}>{t('index.view')}</Link>
                  </Tooltip>
                ) : null;
              },
            },
          ]}
        />
        <div className="muted" style={{ marginTop: 8 }}>
          {t('index.methodNote', {
            window: definition.params.flowWindowMonths,
            norm: t(`index.norm.${run.summary?.method.normalisation ?? 'goalposts'}`),
            agg: t(`index.agg.${run.summary?.method.aggregation ?? 'arithmetic'}`),
          })}
        </div>
      </Card>
    </div>
  );
}
