import { Tooltip } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { COLOR_HEX, COLORS, type IndexColor, type UnitResult } from './api';

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
        <span className="muted"> {change.score > 0 ? '+' : ''}{change.score.toFixed(1)}</span>
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
