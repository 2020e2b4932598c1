import { lazy, Suspense, useEffect, useState } from 'react';
import type { GeoJSONFeatureCollection, User } from '../../../src/api/types';
import type { DivisionProps } from '../../../src/api/endpoints';
import { boundaries as fetchBoundaries, type NearbyCase, type PatrolConfig } from '../api';
import { AROUND_M, useAround } from '../around';
import { cacheGet, cachePut } from '../db';
import { distanceM } from '../geo';
import { formatDistance, formatTime } from '../labels';
import { loadPatrolMap } from '../map/load';
import type { PositionState } from '../position';
import { Boundary, ServerThumb, StatusTag } from './common';
import PointsPreview from './PointsPreview';
import CampaignsNear from './CampaignsNear';
import CampaignItemSheet from './CampaignItemSheet';
import { useCampaignItems } from '../campaigns';

// OpenLayers and the map code: a separate chunk, whose download the page's entry has already started
const PatrolMap = lazy(loadPatrolMap);

const BOUNDARIES_MAX_AGE_MS = 7 * 24 * 3600_000;

interface Props {
  user: User;
  config: PatrolConfig | null;
  position: PositionState;
  selectedId: string | null;
  onSelect: (c: NearbyCase | null) => void;
}

/** Home: the map around the inspector, the known cases within 500 m coloured by status, and their list. */
export default function MapTab({ user, config, position, selectedId, onSelect }: Props) {
  const { fix, error: fixError } = position;
  const [showMap, setShowMap] = useState(false);
  const [boundaries, setBoundaries] = useState<GeoJSONFeatureCollection<DivisionProps> | null>(null);
  const { snapshot: around, stale } = useAround();
  const [listOpen, setListOpen] = useState(false);
  const [centerToken, setCenterToken] = useState(0);
  // 专项整治对象 around: their own symbol on the map, shown unless the inspector hides them
  const campaignItems = useCampaignItems();
  const [showItems, setShowItems] = useState(true);
  const [itemId, setItemId] = useState<string | null>(null);
  const item = campaignItems.find((c) => c.id === itemId) ?? null;
  const selectItem = (id: string) => {
    onSelect(null);
    setItemId(id);
  };
  useEffect(() => {
    if (selectedId) setItemId(null);
  }, [selectedId]);

  // the map library after the first paint, never before
  useEffect(() => {
    const t = setTimeout(() => setShowMap(true), 0);
    return () => clearTimeout(t);
  }, []);

  // boundaries change rarely: the copy on the phone serves for a week (and offline for ever). A new copy
  // is downloaded once the map library and the cases around are in (or after 3 s), so that it does not
  // share the link with what the first view's points need.
  const [mapIn, setMapIn] = useState(false);
  useEffect(() => {
    let live = true;
    const done = () => live && setMapIn(true);
    loadPatrolMap().then(done, done);
    return () => {
      live = false;
    };
  }, []);
  const [boundariesDue, setBoundariesDue] = useState(false);
  useEffect(() => {
    if (mapIn && (around || stale || fixError)) return setBoundariesDue(true);
    const t = setTimeout(() => setBoundariesDue(true), 3000);
    return () => clearTimeout(t);
  }, [mapIn, around, stale, fixError]);
  useEffect(() => {
    let live = true;
    void cacheGet<{ at: number; fc: GeoJSONFeatureCollection<DivisionProps> }>('boundaries').then((kept) => {
      if (!live) return;
      if (kept) setBoundaries(kept.fc);
      if (!boundariesDue || (kept && Date.now() - kept.at < BOUNDARIES_MAX_AGE_MS)) return;
      fetchBoundaries().then(
        (fc) => {
          setBoundaries(fc);
          void cachePut('boundaries', { at: Date.now(), fc });
        },
        () => undefined,
      );
    });
    return () => {
      live = false;
    };
  }, [user.username, boundariesDue]);

  const items = around?.items ?? [];
  const fallback = <div className="map-placeholder">地图暂不可用，可查看下方列表</div>;
  // until OpenLayers is in: the same view with the points, drawn without it
  const preview = <PointsPreview fix={fix} cases={items} aroundM={AROUND_M} />;

  return (
    <div className="map-tab">
      <div className="map-area">
        {showMap ? (
          <Boundary fallback={fallback}>
            <Suspense fallback={preview}>
              <PatrolMap
                boundaries={boundaries}
                focusCode={user.divisionCode}
                tileUrl={config?.mapTileUrl ?? null}
                cases={items}
                fix={fix}
                selectedId={selectedId}
                onSelect={(id) => onSelect(items.find((c) => c.id === id) ?? null)}
                centerToken={centerToken}
                aroundM={AROUND_M}
                campaignItems={campaignItems}
                showCampaignItems={showItems}
                selectedItemId={item?.id ?? null}
                onSelectItem={selectItem}
              />
            </Suspense>
          </Boundary>
        ) : (
          preview
        )}

        <div className="map-chips">
          <span className={`chip-gps ${fix ? (fix.accuracy > 50 ? 'poor' : 'good') : 'none'}`} data-testid="gps-accuracy">
            {fix ? `GPS ±${Math.round(fix.accuracy)} 米` : (fixError ?? '正在定位…')}
          </span>
          {campaignItems.length > 0 && (
            <div>
              <button
                type="button"
                className="layer-toggle"
                aria-pressed={showItems}
                data-testid="campaign-items-toggle"
                onClick={() => {
                  setShowItems((v) => !v);
                  setItemId(null);
                }}
              >
                <span className="diamond" />
                专项整治对象 {campaignItems.length} 个{showItems ? '' : '（已隐藏）'}
              </button>
            </div>
          )}
        </div>
        <button type="button" className="locate-btn" onClick={() => setCenterToken((t) => t + 1)} aria-label="回到我的位置" disabled={!fix}>
          ◎
        </button>
        <button type="button" className={`around-chip ${listOpen ? 'open' : ''}`} onClick={() => setListOpen((o) => !o)} data-testid="nearby-count">
          周边 {AROUND_M} 米 · {items.length} 处案件{stale && around ? `（${formatTime(new Date(around.at).toISOString()).slice(11)} 的数据）` : ''}
          <span className="caret">{listOpen ? '▾' : '▴'}</span>
        </button>
        <CampaignsNear
          onSelect={(id) => {
            setShowItems(true);
            selectItem(id);
          }}
        />
      </div>

      {item && <CampaignItemSheet item={item} fix={fix} onClose={() => setItemId(null)} />}

      {listOpen && (
        <div className="around-list" data-testid="nearby-list">
          {items.length === 0 && <div className="muted small pad">{fix ? '附近没有已知案件' : '定位后显示附近案件'}</div>}
          {items.map((c) => (
            <button type="button" key={c.id} className="around-item" onClick={() => onSelect(c)}>
              <ServerThumb className="thumb" src={c.thumbnails[0]} />
              <span className="around-info">
                <b className="case-no">{c.caseNo}</b>
                <span>
                  <StatusTag status={c.status} /> <span className="muted small">{c.divisionName}</span>
                </span>
              </span>
              <span className="dist">{formatDistance(fix ? distanceM(fix.lon, fix.lat, c.lon, c.lat) : c.distance)}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
