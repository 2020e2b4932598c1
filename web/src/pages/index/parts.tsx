import { Tooltip } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { COLOR_HEX, COLORS, type IndexColor, type TrendPoint, type UnitResult } from './api';

/** A colour chip with its name (绿/蓝/黄/橙/红); `capped` marks a colour lowered by a red line. */
export function ColorTag({ color, compact, capped }: { color: IndexColor; compact?: boolean; capped?: boolean }) {
  const { t } = useTranslation();
  const chip = <span className="index-chip" style={{ background: COLOR_HEX[color] }} />;
  if (compact) return chip;
  return (
    <Tooltip title={capped ? t('index.cappedHelp') : undefined}>
      <span className="index-color" data-color={color}>
        {chip}
        {t(`index.color.${color}`)}
        {capped ? <sup>▼</sup> : null}
      </span>
    </Tooltip>
  );
}

/** Score and places since the previous period: ↑ moved up, ↓ down. */
export function ChangeCell({ change }: { change: UnitResult['change'] }) {
  const { t } = useTranslation();
  if (!change) return <span className="muted">—</span>;
  const up = change.rank > 0;
  const down = change.rank < 0;
  return (
    <Tooltip title={t('index.changeHelp', { score: change.previous.score.toFixed(2), rank: change.previous.rank, color: t(`index.color.${change.previous.color}`) })}>
      <span className={`index-change ${up ? 'up' : down ? 'down' : ''}`}>
        {up ? <ArrowUpOutlined /> : down ? <ArrowDownOutlined /> : <MinusOutlined />}
        {change.rank !== 0 ? Math.abs(change.rank) : ''}
        <span className="muted">
          {' '}
          {change.score > 0 ? '+' : ''}
          {change.score.toFixed(1)}
        </span>
      </span>
    </Tooltip>
  );
}

/** The 5th–95th percentile rank under weight uncertainty; a narrow interval is a solid rank. */
export function RankInterval({ interval }: { interval: UnitResult['rankInterval'] }) {
  if (!interval) return <span className="muted">—</span>;
  const { p5, median, p95 } = interval;
  return (
    <span className={p5 === p95 ? 'index-solid' : 'index-wobbly'}>
      {p5 === p95 ? p5 : `${p5}–${p95}`}
      {p5 !== p95 && <span className="muted"> ({median})</span>}
    </span>
  );
}

/** Probability of each colour as a stacked bar. */
export function ColorProbabilities({ probs }: { probs: UnitResult['colorProbabilities'] }) {
  const { t } = useTranslation();
  if (!probs) return null;
  return (
    <div>
      <div className="index-probbar">
        {COLORS.filter((c) => probs[c] > 0).map((c) => (
          <Tooltip key={c} title={`${t(`index.color.${c}`)} ${(probs[c] * 100).toFixed(1)}%`}>
            <span style={{ width: `${probs[c] * 100}%`, background: COLOR_HEX[c] }} />
          </Tooltip>
        ))}
      </div>
      <div className="index-problabels">
        {COLORS.filter((c) => probs[c] >= 0.005).map((c) => (
          <span key={c}>
            <span className="index-chip" style={{ background: COLOR_HEX[c] }} /> {t(`index.color.${c}`)} {(probs[c] * 100).toFixed(1)}%
          </span>
        ))}
      </div>
    </div>
  );
}

/** Score period by period over the colour bands; each point links to that period's page of the unit. */
export function TrendChart({
  points,
  current,
  code,
  bands,
}: {
  points: TrendPoint[];
  current: string;
  code: string;
  bands: { green: number; blue: number; yellow: number; orange: number };
}) {
  const { t } = useTranslation();
  if (points.length < 2) return <div className="muted">{t('index.trendEmpty')}</div>;
  const W = 420;
  const H = 170;
  const L = 28;
  const B = 20;
  const R = 22;
  // the score axis from a little below the lowest point to 100
  const lo = Math.max(0, Math.floor(Math.min(...points.map((p) => p.score)) / 10) * 10 - 10);
  const x = (i: number) => L + ((W - L - R) * i) / (points.length - 1);
  const y = (s: number) => 6 + ((H - B - 6) * (100 - Math.max(lo, s))) / (100 - lo);
  const stripes: [number, number, IndexColor][] = [
    [100, bands.green, 'green'],
    [bands.green, bands.blue, 'blue'],
    [bands.blue, bands.yellow, 'yellow'],
    [bands.yellow, bands.orange, 'orange'],
    [bands.orange, 0, 'red'],
  ];
  const every = Math.ceil(points.length / 6);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="index-trend" role="img" aria-label={t('index.trend')}>
      {stripes.map(([hi, bottom, c]) => (
        <rect key={c} x={L} y={y(hi)} width={W - L - R} height={Math.max(0, y(bottom) - y(hi))} fill={COLOR_HEX[c]} opacity={0.12} />
      ))}
      {[lo, bands.orange, bands.yellow, bands.blue, bands.green, 100]
        .filter((v, i, a) => v >= lo && a.indexOf(v) === i)
        .map((v) => (
          <text key={v} x={L - 4} y={y(v) + 3} textAnchor="end" fontSize={9} fill="#888">
            {v}
          </text>
        ))}
      <polyline points={points.map((p, i) => `${x(i)},${y(p.score)}`).join(' ')} fill="none" stroke="#1d3557" strokeWidth={1.5} />
      {points.map((p, i) => (
        <Link key={p.period} to={`/index/runs/${p.runId}/units/${code}`}>
          <circle cx={x(i)} cy={y(p.score)} r={p.period === current ? 5 : 3.5} fill={COLOR_HEX[p.color]} stroke={p.period === current ? '#10213a' : '#fff'} strokeWidth={1.5}>
            <title>{`${p.period}:${t('index.mapHover', { rank: p.rank, score: p.score.toFixed(2), color: t(`index.color.${p.color}`) })}`}</title>
          </circle>
        </Link>
      ))}
      {points.map((p, i) =>
        i % every === 0 || i === points.length - 1 ? (
          <text key={`l${p.period}`} x={x(i)} y={H - 5} textAnchor={i === points.length - 1 ? 'end' : i === 0 ? 'start' : 'middle'} fontSize={9} fill="#666">
            {p.period}
          </text>
        ) : null,
      )}
    </svg>
  );
}
