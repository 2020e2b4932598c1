import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Select, Space, Tooltip } from 'antd';
import { ClearOutlined, ExpandOutlined, FormOutlined, ReloadOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { Checkbox } from 'antd';
import { useTranslation } from 'react-i18next';
import { getBoundaries, getConfig, type DivisionProps } from '../api/endpoints';
import { api, buildQuery } from '../api/client';
import { isAbort } from '../api/client';
import { DISPOSAL_CLASSES, ORIGINS, STATUSES, type CaseStatus, type CaseSummary, type GeoJSONFeatureCollection } from '../api/types';
import { STATUS_ORDER } from '../lib/status';
import { useSearchState } from '../lib/useSearchState';
import { useDivisions } from '../lib/useDivisions';
import { useUser } from '../auth/AuthContext';
import { StatusDot } from '../components/tags';
import { errorMessage } from '../lib/errors';
import { onUnauthorizedTile } from './map/session';
import { MapCaseCard } from './MapCaseCard';
import { MapLegend } from './map/MapLegend';
import { legendKey, LEGEND_MAX_AGE_MS, mapPath, parseRing, type Filters, type Layer, type Legend, type MapView } from './map/mapQuery';
import { useMapLayers } from './map/useMapLayers';
import TileMap, { type ItemKindLayer } from './map/TileMap';
import { CASE_TILE_ZOOM } from './map/tileLayers';

type Features = GeoJSONFeatureCollection<CaseSummary>['features'];
/** Layers drawn over the fills, each on or off by itself. */
const OVERLAYS: Layer[] = ['patches', 'waterlogging', 'campaign'];

export default function MapPage() {
  const { t } = useTranslation();
  const user = useUser();
  const s = useSearchState();
  const { towns, byCode, inJurisdiction } = useDivisions();

  const status = s.getList('status') as CaseStatus[];
  const origin = s.get('origin');
  const disposal = s.getList('class');
  const town = s.get('town');

  const [tileUrl, setTileUrl] = useState<string | null>(null);
  const [boundaries, setBoundaries] = useState<GeoJSONFeatureCollection<DivisionProps> | null>(null);
  const [boundaryError, setBoundaryError] = useState<string | null>(null);
  const [view, setView] = useState<MapView | null>(null);
  const [legend, setLegend] = useState<(Legend & { key: string }) | null>(null);
  const [loading, setLoading] = useState(false);
  const [caseError, setCaseError] = useState<string | null>(null);
  const [viewport, setViewport] = useState<{ bbox: [number, number, number, number]; zoom: number; fitted: boolean } | null>(null);
  const firstView = useRef(true);
  const layers = s.getList('layers') as Layer[];
  const polygon = useMemo(() => parseRing(s.get('polygon')), [s]);
  const [drawing, setDrawing] = useState(false);
  const [selected, setSelected] = useState<CaseSummary | null>(null);
  const [fitToken, setFitToken] = useState(0);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    getConfig()
      .then((c) => setTileUrl(c.mapTileUrl))
      .catch(() => setTileUrl(null));
    getBoundaries()
      .then(setBoundaries)
      .catch((e) => setBoundaryError(errorMessage(e, t)));
  }, [t]);

  const statusKey = status.join(',');
  const disposalKey = disposal.join(',');
  const polygonKey = s.get('polygon');
  const filtersRef = useRef<Filters>({});
  filtersRef.current = { status: statusKey, origin, disposalClass: disposalKey, division: town, polygon: polygonKey };
  const reloadRef = useRef(reload);
  reloadRef.current = reload;

  /**
   * The legend of these filters, asked for once the view's cases have come (on PGlite every statement runs
   * in the server's one thread, one after the other: asked together, the view's answer waited for the
   * legend's count), unless it is already there; again after a reload or when it is over a minute old.
   * It counts the whole selection, so a move of the map does not change it.
   */
  const legendReq = useRef<{ key: string; at: number; ac: AbortController } | null>(null);
  const askLegend = useCallback(
    (f: Filters) => {
      const key = legendKey(f, reloadRef.current);
      const last = legendReq.current;
      if (last && last.key === key && Date.now() - last.at < LEGEND_MAX_AGE_MS) return;
      last?.ac.abort();
      const ac = new AbortController();
      const req = { key, at: Date.now(), ac };
      legendReq.current = req;
      api<Legend>(`/api/cases/map/legend${buildQuery(f)}`, { signal: ac.signal }).then(
        (r) => setLegend({ ...r, key }),
        (e) => {
          if (isAbort(e)) return;
          if (legendReq.current === req) legendReq.current = null; // asked again with the next view
          setCaseError(errorMessage(e, t));
        },
      );
    },
    [t],
  );
  useEffect(
    () => () => {
      legendReq.current?.ac.abort();
      legendReq.current = null;
    },
    [],
  );
  /** The first view's cases, asked for by onView as soon as the map has fitted (see there). */
  const early = useRef<{ path: string; answer: Promise<MapView> } | null>(null);
  useEffect(() => {
    // the first view worth asking for is the one after the fit to the boundaries (the map reports its
    // default view before they arrive)
    if (!viewport?.fitted) return;
    // from CASE_TILE_ZOOM on the cases come from the vector tiles (the map asks for them itself): only the legend
    if (viewport.zoom >= CASE_TILE_ZOOM) {
      firstView.current = false;
      early.current = null;
      setView(null);
      setLoading(false);
      askLegend({ status: statusKey, origin, disposalClass: disposalKey, division: town, polygon: polygonKey });
      return;
    }
    const ac = new AbortController();
    // wait for the map to settle (a zoom animation moves it several times); the first view at once
    const timer = setTimeout(
      () => {
        setLoading(true);
        setCaseError(null);
        const f = { status: statusKey, origin, disposalClass: disposalKey, division: town, polygon: polygonKey };
        const path = mapPath(f, viewport.bbox, viewport.zoom);
        const got = early.current?.path === path ? early.current.answer : null;
        early.current = null;
        (got ?? api<MapView>(path, { signal: ac.signal })).then(
          (r) => {
            if (ac.signal.aborted) return;
            setView(r);
            setLoading(false);
            askLegend(f);
          },
          (e) => {
            if (isAbort(e) || ac.signal.aborted) return;
            setLoading(false);
            setCaseError(errorMessage(e, t));
          },
        );
      },
      firstView.current ? 0 : 150,
    );
    firstView.current = false;
    return () => {
      clearTimeout(timer);
      ac.abort();
    };
  }, [statusKey, origin, disposalKey, town, polygonKey, viewport, reload, t, askLegend]);

  // change patches (变化图斑) and the other kinds of item come from vector tiles with the town and the drawn area
  const wantPatches = layers.includes('patches');
  const placeFilters = useMemo(() => ({ division: town, polygon: polygonKey }), [town, polygonKey]);
  const kindLayers = useMemo(() => {
    const out: Partial<Record<ItemKindLayer, Filters>> = {};
    if (layers.includes('waterlogging')) out.waterlogging = placeFilters;
    if (layers.includes('campaign')) out.campaign_item = placeFilters;
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [layers.join(','), placeFilters]);
  const caseFilters = useMemo(
    () => ({ status: statusKey, origin, disposalClass: disposalKey, division: town, polygon: polygonKey }),
    [statusKey, origin, disposalKey, town, polygonKey],
  );

  const cases: Features = useMemo(
    () =>
      (view?.points ?? []).map((p) => ({
        type: 'Feature' as const,
        id: p.id,
        geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] },
        properties: { id: p.id, caseNo: p.caseNo, status: p.status, disposalClass: p.disposalClass, origin: p.origin } as unknown as CaseSummary,
      })),
    [view],
  );

  // close the card when its case is filtered away
  useEffect(() => {
    if (selected && view?.mode === 'points' && !cases.some((f) => f.id === selected.id)) setSelected(null);
  }, [cases, selected, view?.mode]);

  // layers: the latest index colours of villages, or the patrol coverage of the last 30 days
  const { fills, layerNote } = useMapLayers(layers);

  const counts = legend?.byStatus ?? {};
  const shown = legend?.total ?? 0;
  const settled = useRef(false);
  settled.current = !!boundaries || !!boundaryError;
  const onView = useCallback(
    (bbox: [number, number, number, number], zoom: number) => {
      // the first fitted view's cases are asked for right here, while the map goes on to build and draw the
      // boundaries, rather than after the page has rendered again (the effect above takes this answer)
      if (settled.current && firstView.current && !early.current && zoom < CASE_TILE_ZOOM) {
        const path = mapPath(filtersRef.current, bbox, zoom);
        const answer = api<MapView>(path);
        answer.catch(() => undefined);
        early.current = { path, answer };
      }
      setViewport({ bbox, zoom, fitted: settled.current });
    },
    [askLegend],
  );
  // without boundaries there is no fit to wait for: the view the map has is the one
  useEffect(() => {
    if (boundaryError) setViewport((v) => (v && !v.fitted ? { ...v, fitted: true } : v));
  }, [boundaryError]);
  const onDrawn = useCallback(
    (ring: [number, number][]) => {
      setDrawing(false);
      s.update({ polygon: ring.map((p) => p.join(',')).join(';') });
    },
    [s],
  );

  const active = new Set<CaseStatus>(status.length ? status : STATUSES);
  const toggleStatus = (st: CaseStatus) => {
    const next = new Set(active);
    if (next.has(st)) next.delete(st);
    else next.add(st);
    const list = STATUS_ORDER.filter((x) => next.has(x));
    s.update({ status: list.length === STATUSES.length || list.length === 0 ? null : list });
  };

  const userDivision = byCode.get(user.divisionCode);
  const focusCode = town ?? (userDivision && userDivision.level !== 'city' ? user.divisionCode : null);
  const onSelect = useCallback((c: CaseSummary | null) => setSelected(c), []);
  const townOptions = towns.filter((d) => d.inJurisdiction).map((d) => ({ value: d.code, label: d.name }));

  return (
    <div className="map-page">
      <div className="map-toolbar">
        <span className="map-toolbar-title">{t('map.title')}</span>
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('map.filterStatus')}
          style={{ width: 260 }}
          value={status}
          onChange={(v) => s.update({ status: v })}
          options={STATUS_ORDER.map((st) => ({
            value: st,
            label: (
              <Space size={6}>
                <StatusDot status={st} size={9} />
                {t(`status.${st}`)}
              </Space>
            ),
          }))}
        />
        <Select
          allowClear
          placeholder={t('map.filterOrigin')}
          style={{ width: 120 }}
          value={origin}
          onChange={(v) => s.update({ origin: v })}
          options={ORIGINS.map((o) => ({ value: o, label: t(`origin.${o}`) }))}
        />
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('map.filterClass')}
          style={{ width: 200 }}
          value={disposal}
          onChange={(v) => s.update({ class: v })}
          options={DISPOSAL_CLASSES.map((o) => ({ value: o, label: t(`disposalClass.${o}`) }))}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('map.allTowns')}
          style={{ width: 150 }}
          value={town}
          onChange={(v) => s.update({ town: v })}
          options={townOptions}
        />
        <Tooltip title={t('map.fit')}>
          <Button icon={<ExpandOutlined />} onClick={() => setFitToken((x) => x + 1)} />
        </Tooltip>
        <Button icon={<ReloadOutlined />} onClick={() => setReload((x) => x + 1)} loading={loading} aria-label={t('app.retry')} />
        <Checkbox.Group
          aria-label={t('mapx.layers')}
          value={layers}
          onChange={(v) => {
            // the two fills (five colours, coverage) exclude each other; the overlays go with either
            const next = v as Layer[];
            const added = next.find((x) => !layers.includes(x));
            const fill = added === 'index' || added === 'coverage' ? added : next.find((x) => x === 'index' || x === 'coverage');
            s.update({ layers: [...(fill ? [fill] : []), ...OVERLAYS.filter((x) => next.includes(x))] });
          }}
          options={[
            { value: 'index', label: t('mapx.indexLayer') },
            { value: 'coverage', label: t('mapx.coverageLayer') },
            { value: 'patches', label: t('mapx.patchLayer') },
            { value: 'waterlogging', label: t('mapx.waterloggingLayer') },
            { value: 'campaign', label: t('mapx.campaignLayer') },
          ]}
        />
        <Tooltip title={t('mapx.drawHelp')}>
          <Button type={drawing ? 'primary' : 'default'} icon={<FormOutlined />} onClick={() => setDrawing((d) => !d)} data-testid="draw-polygon">
            {drawing ? t('mapx.drawing') : t('mapx.draw')}
          </Button>
        </Tooltip>
        {polygon && (
          <span className="map-selection" data-testid="polygon-selection">
            {legend?.key === legendKey(filtersRef.current, reload) ? t('mapx.selected', { count: shown }) : t('app.loading')}
            <Link to={`/cases?polygon=${encodeURIComponent(s.get('polygon') ?? '')}${town ? `&division=${town}` : ''}`}>
              <Button size="small" type="link" icon={<UnorderedListOutlined />}>
                {t('mapx.toList')}
              </Button>
            </Link>
            <Button size="small" type="text" icon={<ClearOutlined />} onClick={() => s.update({ polygon: null })} aria-label={t('mapx.clear')} />
          </span>
        )}
        <span className="muted" style={{ marginInlineStart: 'auto' }} data-testid="map-count">
          {!legend ? null : view?.mode === 'clusters' ? t('mapx.clustered', { count: shown, inView: view.inView }) : t('map.casesShown', { count: shown })}
        </span>
      </div>
      <div className="map-wrap">
        <TileMap
          boundaries={boundaries}
          inJurisdiction={inJurisdiction}
          focusCode={focusCode}
          cases={cases}
          clusters={view?.mode === 'clusters' ? view.clusters : []}
          filters={caseFilters}
          patchFilters={wantPatches ? placeFilters : null}
          kindLayers={kindLayers}
          basemapUrl={tileUrl}
          selectedId={selected?.id ?? null}
          onSelect={onSelect}
          fitToken={fitToken}
          onView={onView}
          fills={fills}
          drawing={drawing}
          onDrawn={onDrawn}
          polygon={polygon}
          onUnauthorized={onUnauthorizedTile}
        />
        {layerNote && <div className="map-overlay map-layer-note">{layerNote}</div>}
        {(caseError || boundaryError) && (
          <Alert
            className="map-overlay"
            style={{ left: '50%', top: 12, transform: 'translateX(-50%)', position: 'absolute' }}
            type="error"
            showIcon
            title={caseError ?? `${t('map.boundaryLoadFailed')}: ${boundaryError}`}
            action={
              caseError ? (
                <Button size="small" onClick={() => setReload((x) => x + 1)}>
                  {t('app.retry')}
                </Button>
              ) : undefined
            }
          />
        )}
        <MapLegend shown={shown} counts={counts} active={active} onToggle={toggleStatus} indexColours={layers.includes('index') && !!fills} overlays={layers} />
        <div className="map-overlay map-note">{t('map.syntheticNote')}</div>
        {selected && (
          <div className="map-overlay map-card">
            <MapCaseCard summary={selected} onClose={() => setSelected(null)} />
          </div>
        )}
      </div>
    </div>
  );
}
