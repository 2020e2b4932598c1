import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Select, Space, Tooltip } from 'antd';
import { ExpandOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { getBoundaries, getConfig, loadAllCasesGeo, type DivisionProps } from '../api/endpoints';
import { isAbort } from '../api/client';
import { DISPOSAL_CLASSES, ORIGINS, STATUSES, type CaseStatus, type CaseSummary, type GeoJSONFeatureCollection } from '../api/types';
import { STATUS_ORDER } from '../lib/status';
import { useSearchState } from '../lib/useSearchState';
import { useDivisions } from '../lib/useDivisions';
import { useUser } from '../auth/AuthContext';
import { StatusDot } from '../components/tags';
import { errorMessage } from '../lib/errors';
import CityMap from '../map/CityMap';
import { MapCaseCard } from './MapCaseCard';
import { TownStats } from './TownStats';

type Features = GeoJSONFeatureCollection<CaseSummary>['features'];

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
  const [cases, setCases] = useState<Features>([]);
  const [progress, setProgress] = useState<{ loaded: number; total: number } | null>(null);
  const [caseError, setCaseError] = useState<string | null>(null);
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
  useEffect(() => {
    const ac = new AbortController();
    setCaseError(null);
    setProgress({ loaded: 0, total: 0 });
    loadAllCasesGeo({ status: statusKey, origin, disposalClass: disposalKey, division: town }, ac.signal, (loaded, total) =>
      setProgress({ loaded, total }),
    )
      .then((r) => {
        setCases(r.features);
        setProgress(null);
      })
      .catch((e) => {
        if (isAbort(e)) return;
        setProgress(null);
        setCaseError(errorMessage(e, t));
      });
    return () => ac.abort();
  }, [statusKey, origin, disposalKey, town, reload, t]);

  // close the card when its case is filtered away
  useEffect(() => {
    if (selected && !cases.some((f) => f.id === selected.id)) setSelected(null);
  }, [cases, selected]);

  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const f of cases) c[f.properties.status] = (c[f.properties.status] ?? 0) + 1;
    return c;
  }, [cases]);

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
          options={STATUS_ORDER.map((st) => ({ value: st, label: <Space size={6}><StatusDot status={st} size={9} />{t(`status.${st}`)}</Space> }))}
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
        <Button icon={<ReloadOutlined />} onClick={() => setReload((x) => x + 1)} loading={!!progress} />
        <span className="muted" style={{ marginInlineStart: 'auto' }}>
          {t('map.casesShown', { count: cases.length })}
        </span>
      </div>
      <div className="map-wrap">
        <CityMap
          boundaries={boundaries}
          inJurisdiction={inJurisdiction}
          focusCode={focusCode}
          cases={cases}
          tileUrl={tileUrl}
          selectedId={selected?.id ?? null}
          onSelect={onSelect}
          fitToken={fitToken}
        />
        {progress && progress.total > 500 && (
          <div className="map-overlay map-progress">{t('map.loadingCases', progress)}</div>
        )}
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
        <div className="map-overlay map-legend" data-testid="map-legend">
          <div className="map-legend-title">
            <span>{t('map.legend')}</span>
            <span className="muted">{cases.length.toLocaleString()}</span>
          </div>
          {STATUS_ORDER.map((st) => (
            <Tooltip key={st} title={t('map.legendHint')} placement="right" mouseEnterDelay={0.8}>
              <div className={`map-legend-row${active.has(st) ? '' : ' off'}`} onClick={() => toggleStatus(st)}>
                <StatusDot status={st} />
                <span>{t(`status.${st}`)}</span>
                <span className="count">{active.has(st) ? (counts[st] ?? 0).toLocaleString() : '–'}</span>
              </div>
            </Tooltip>
          ))}
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
        <div className="map-overlay map-note">{t('map.syntheticNote')}</div>
        {selected ? (
          <div className="map-overlay map-card">
            <MapCaseCard summary={selected} onClose={() => setSelected(null)} />
          </div>
        ) : (
          <TownStats cases={cases} towns={towns} activeTown={town} onPick={(code) => s.update({ town: code })} />
        )}
      </div>
    </div>
  );
}
