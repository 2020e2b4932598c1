import type { KeyboardEvent } from 'react';
import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseStatus } from '../../api/types';
import { StatusDot } from '../../components/tags';
import { STATUS_ORDER } from '../../lib/status';
import { COLOR_HEX, COLORS } from '../index/api';
import { hexA, type Legend } from './mapQuery';

/**
 * The map's legend: the selection by status, each status a switch that shows or hides its cases (by click
 * or by Enter/Space), then the index colours when that layer is on, then the boundaries.
 */
export function MapLegend({
  shown,
  counts,
  active,
  onToggle,
  indexColours,
}: {
  shown: number;
  counts: Legend['byStatus'];
  active: Set<CaseStatus>;
  onToggle: (st: CaseStatus) => void;
  indexColours: boolean;
}) {
  const { t } = useTranslation();
  const onKey = (st: CaseStatus) => (e: KeyboardEvent) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    onToggle(st);
  };
  return (
    <div className="map-overlay map-legend" data-testid="map-legend">
      <div className="map-legend-title">
        <span>{t('map.legend')}</span>
        <span className="muted">{shown.toLocaleString()}</span>
      </div>
      {STATUS_ORDER.map((st) => (
        <Tooltip key={st} title={t('map.legendHint')} placement="right" mouseEnterDelay={0.8}>
          <div
            className={`map-legend-row${active.has(st) ? '' : ' off'}`}
            role="switch"
            aria-checked={active.has(st)}
            tabIndex={0}
            onClick={() => onToggle(st)}
            onKeyDown={onKey(st)}
          >
            <StatusDot status={st} />
            <span>{t(`status.${st}`)}</span>
            <span className="count">{active.has(st) ? (counts[st] ?? 0).toLocaleString() : '–'}</span>
          </div>
        </Tooltip>
      ))}
      {indexColours && (
        <>
          <div className="map-legend-sep" />
          {COLORS.map((c) => (
            <div key={c} className="map-legend-row" style={{ cursor: 'default' }}>
              <span className="map-legend-line" style={{ height: 10, background: hexA(COLOR_HEX[c], 0.55) }} />
              <span>{t(`index.color.${c}`)}</span>
            </div>
          ))}
        </>
      )}
      <div className="map-legend-sep" />
      <div className="map-legend-row" style={{ cursor: 'default' }}>
        <span className="map-legend-line" style={{ borderTop: '2.5px solid #3d5a80' }} />
        <span>{t('map.town')}</span>
      </div>
      <div className="map-legend-row" style={{ cursor: 'default' }}>
        <span className="map-legend-line" style={{ height: 10, background: '#dbe9f7', border: '1px solid #fff', outline: '1px solid #c8d3df' }} />
        <span>{t('map.village')}</span>
      </div>
    </div>
  );
}
