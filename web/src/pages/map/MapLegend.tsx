import type { KeyboardEvent } from 'react';
import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseStatus } from '../../api/types';
import { StatusDot } from '../../components/tags';
import { STATUS_ORDER } from '../../lib/status';
import { COLOR_HEX, COLORS } from '../index/api';
import { hexA, type Layer, type Legend } from './mapQuery';
import { type ItemKind, KIND_SYMBOLS, kindFill, PATCH_COLOURS, PATCH_FILL_ALPHA, PATCH_STATUSES, PATCH_STROKE_WIDTH } from './symbols';

/** A patch's swatch: its outline and its pale inside, as the layer draws it. */
function PatchSwatch({ colour }: { colour: string }) {
  return (
    <svg width={18} height={12} viewBox="0 0 18 12" aria-hidden style={{ flex: 'none' }}>
      <rect x={1} y={1} width={16} height={10} fill={hexA(colour, PATCH_FILL_ALPHA)} stroke={colour} strokeWidth={PATCH_STROKE_WIDTH} />
    </svg>
  );
}

/** A kind's symbol (triangle, square) in its outline colour, filled with a status colour, as the layer draws it. */
function KindSymbol({ kind, status }: { kind: ItemKind; status: CaseStatus }) {
  const sym = KIND_SYMBOLS[kind];
  // OpenLayers' RegularShape: the first point straight up, turned by the angle, on a circle of radius r
  const r = sym.points === 3 ? 6.5 : 5.5;
  const pts = Array.from({ length: sym.points }, (_, i) => {
    const a = (2 * Math.PI * i) / sym.points + sym.angle;
    return `${(9 + r * Math.sin(a)).toFixed(2)},${(sym.points === 3 ? 7.5 : 6) - r * Math.cos(a)}`;
  });
  return (
    <svg width={18} height={12} viewBox="0 0 18 12" aria-hidden style={{ flex: 'none' }}>
      <polygon points={pts.join(' ')} fill={kindFill(status)} stroke={sym.stroke} strokeWidth={sym.strokeWidth} strokeLinejoin="round" />
    </svg>
  );
}

const KIND_LAYER: Record<ItemKind, Layer> = { waterlogging: 'waterlogging', campaign_item: 'campaign' };

/**
 * The map's legend: the selection by status, each status a switch that shows or hides its cases (by click
 * or by Enter/Space), then the index colours when that layer is on, the symbols of the overlays that are
 * on (变化图斑 by status, 积水点, 专项整治对象), then the boundaries.
 */
export function MapLegend({
  shown,
  counts,
  active,
  onToggle,
  indexColours,
  overlays,
}: {
  shown: number;
  counts: Legend['byStatus'];
  active: Set<CaseStatus>;
  onToggle: (st: CaseStatus) => void;
  indexColours: boolean;
  /** The layers that are on: their symbols are explained, those of the others are left out. */
  overlays: Layer[];
}) {
  const { t } = useTranslation();
  const onKey = (st: CaseStatus) => (e: KeyboardEvent) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    onToggle(st);
  };
  const kinds = (Object.keys(KIND_LAYER) as ItemKind[]).filter((k) => overlays.includes(KIND_LAYER[k]));
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
      {overlays.includes('patches') && (
        <div data-testid="legend-patches">
          <div className="map-legend-sep" />
          <div className="muted" style={{ marginBottom: 2 }}>
            {t('mapx.legendPatches')}
          </div>
          {PATCH_STATUSES.map((st) => (
            <div key={st} className="map-legend-row" style={{ cursor: 'default' }}>
              <PatchSwatch colour={PATCH_COLOURS[st]} />
              <span>{t(`mapx.patchStatuses.${st}`)}</span>
            </div>
          ))}
        </div>
      )}
      {kinds.length > 0 && (
        <>
          <div className="map-legend-sep" />
          {kinds.map((k) => (
            <div key={k} className="map-legend-row" style={{ cursor: 'default' }} data-testid={`legend-${KIND_LAYER[k]}`}>
              <KindSymbol kind={k} status="reported" />
              <span>{t(`mapx.legendKind.${k}`)}</span>
            </div>
          ))}
          <div className="muted" style={{ fontSize: 11, marginTop: 2, maxWidth: 150 }}>
            {t('mapx.legendKindFill')}
          </div>
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
