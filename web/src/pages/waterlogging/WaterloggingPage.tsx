import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Col, Input, Row, Select, Space, Statistic, Table, Tag, type TableColumnsType } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { isAbort } from '../../api/client';
import { getBoundaries, getConfig, type DivisionProps } from '../../api/endpoints';
import type { CaseSummary, GeoJSONFeatureCollection } from '../../api/types';
import { DisposalTag } from '../../components/tags';
import CityMap from '../../map/CityMap';
import { errorMessage } from '../../lib/errors';
import { fmtDate, todayShanghai } from '../../lib/format';
import { categoryName, KINDS, statusName } from '../../lib/kinds';
import { STATUS_COLORS } from '../../lib/status';
import { useDivisions } from '../../lib/useDivisions';
import { useSearchState } from '../../lib/useSearchState';
import { exportHref, getFigures, getPointFeatures, getPoints, type ItemFigures, type PointFilter } from './api';

const KIND = KINDS.waterlogging;
const STATUS_OPTIONS = ['reported', 'verified', 'classified', 'rectifying', 'closing_requested', 'closed', 'rejected'] as const;

/** The periods the figures can cover: this year, last year, and the last twelve months (YYYY or YYYY-MM). */
function periods(): { value: string; label: string }[] {
  const today = todayShanghai();
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const months = Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    const key = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    return { value: key, label: `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月` };
  });
  return [{ value: String(y), label: `${y}年全年` }, { value: String(y - 1), label: `${y - 1}年全年` }, ...months];
}

/** The first day of a period and of the one after it (YYYY-MM-DD), for the list's found-date filter. */
function range(p: string): [string, string] {
  if (p.length === 4) return [`${p}-01-01`, `${Number(p) + 1}-01-01`];
  const [y, m] = p.split('-').map(Number);
  return [`${p}-01`, m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`];
}

/**
 * 积水点 (/waterlogging): the waterlogging points found in the patrol app, on the case engine — the period's
 * figures (发现 / 已销号 / 再次积水 / 未销号), the list with its filters and Excel export, and the points on a map.
 */
export default function WaterloggingPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const s = useSearchState();
  const { towns } = useDivisions();
  const periodOptions = useMemo(periods, []);
  const period = s.get('period') ?? periodOptions[0].value;
  const town = s.get('town');
  const status = s.get('status');
  const q = s.get('q');
  const [foundFrom, foundTo] = range(period);
  const filter: PointFilter = useMemo(() => ({ town, status, foundFrom, foundTo, q }), [town, status, foundFrom, foundTo, q]);
  const [figures, setFigures] = useState<ItemFigures | null>(null);
  const [rows, setRows] = useState<CaseSummary[] | null>(null);
  const [features, setFeatures] = useState<GeoJSONFeatureCollection<CaseSummary>['features']>([]);
  const [boundaries, setBoundaries] = useState<GeoJSONFeatureCollection<DivisionProps> | null>(null);
  const [tileUrl, setTileUrl] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    getConfig().then(
      (c) => setTileUrl(c.mapTileUrl),
      () => setTileUrl(null),
    );
    getBoundaries().then(setBoundaries, () => setBoundaries(null));
  }, []);

  useEffect(() => {
    const ac = new AbortController();
    setError(null);
    const fail = (e: unknown) => !isAbort(e) && setError(errorMessage(e, t));
    getFigures(period.length === 4 ? { year: Number(period), division: town } : { month: period, division: town }, ac.signal).then(setFigures, fail);
    getPoints(filter, ac.signal).then((r) => setRows(r.items), fail);
    getPointFeatures(filter, ac.signal).then((r) => setFeatures(r.features), fail);
    return () => ac.abort();
  }, [period, town, filter, t]);

  const columns: TableColumnsType<CaseSummary> = [
    { title: '编号', dataIndex: 'caseNo', width: 160, render: (v: string) => <span className="mono">{v}</span> },
    { title: '镇街', dataIndex: 'townName', width: 90 },
    { title: '村(社区)', dataIndex: 'divisionName', width: 110 },
    { title: '积水位置', dataIndex: 'category', width: 90, render: (v: string) => categoryName(t, 'waterlogging', v) },
    {
      title: '积水深度',
      key: 'depth',
      width: 90,
      align: 'right',
      render: (_: unknown, r) => (typeof r.extra?.depthCm === 'number' ? `${r.extra.depthCm} cm` : '—'),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 100,
      render: (v: CaseSummary['status']) => <Tag color={STATUS_COLORS[v]}>{statusName(t, 'waterlogging', v)}</Tag>,
    },
    { title: '整治方式', dataIndex: 'disposalClass', width: 110, render: (v: string | null) => <DisposalTag value={v} /> },
    { title: '发现日期', dataIndex: 'foundAt', width: 110, render: (v: string) => fmtDate(v) },
    { title: '办理期限', dataIndex: 'deadlineAt', width: 110, render: (v: string | null) => (v ? fmtDate(v) : '—') },
  ];

  return (
    <div className="page" data-testid="waterlogging-page">
      <Space align="baseline" style={{ justifyContent: 'space-between', width: '100%', marginBottom: 12 }} wrap>
        <div>
          <h2 style={{ margin: 0 }}>{KIND.label}</h2>
          <span className="muted">巡查上报（雨中或雨后，含积水深度和照片）→ 交办责任单位 → 整治 → 验收销号；再次积水时重新打开</span>
        </div>
        <Space wrap>
          <Select aria-label="统计期间" style={{ width: 150 }} value={period} options={periodOptions} onChange={(v) => s.update({ period: v })} />
          <Select
            aria-label="镇街"
            allowClear
            placeholder="全部镇街"
            style={{ width: 140 }}
            value={town}
            options={towns.map((d) => ({ value: d.code, label: d.shortName ?? d.name }))}
            onChange={(v) => s.update({ town: v })}
          />
        </Space>
      </Space>

      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}

      <Card size="small" style={{ marginBottom: 12 }} data-testid="waterlogging-figures">
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Statistic title="发现" value={figures?.found ?? '—'} suffix="处" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="其中已销号" value={figures?.foundClosed ?? '—'} suffix="处" valueStyle={{ color: '#389e0d' }} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="再次积水" value={figures?.reopened ?? '—'} suffix="次" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="当前未销号" value={figures?.open ?? '—'} suffix="处" valueStyle={figures?.open ? { color: '#cf1322' } : undefined} />
          </Col>
        </Row>
        {figures && (
          <div style={{ marginTop: 8 }} data-testid="waterlogging-summary">
            <b>{figures.summary}</b>
            {figures.towns.length > 0 && (
              <span className="muted" style={{ marginInlineStart: 12 }}>
                {figures.towns
                  .filter((x) => x.found || x.open)
                  .map((x) => `${x.townName} ${x.found}/${x.foundClosed}`)
                  .join('，')}
                （发现/已销号）
              </span>
            )}
          </div>
        )}
      </Card>

      <Row gutter={12}>
        <Col xs={24} xl={14}>
          <Card
            size="small"
            title={`积水点清单（${rows?.length ?? 0}）`}
            extra={
              <Space wrap>
                <Select
                  aria-label="状态"
                  allowClear
                  placeholder="全部状态"
                  style={{ width: 120 }}
                  value={status}
                  options={STATUS_OPTIONS.map((v) => ({ value: v, label: statusName(t, 'waterlogging', v) }))}
                  onChange={(v) => s.update({ status: v })}
                />
                <Input.Search aria-label="搜索" placeholder="编号、地址" allowClear style={{ width: 160 }} defaultValue={q} onSearch={(v) => s.update({ q: v.trim() })} />
                <Button icon={<DownloadOutlined />} href={exportHref(filter)} data-testid="waterlogging-export">
                  导出 Excel
                </Button>
              </Space>
            }
          >
            <Table
              size="small"
              rowKey="id"
              columns={columns}
              dataSource={rows ?? []}
              loading={rows === null}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: 900 }}
              locale={{ emptyText: '本期间没有积水点' }}
              onRow={(r) => ({ onClick: () => navigate(`/cases/${r.id}`), onMouseEnter: () => setSelected(r.id), style: { cursor: 'pointer' } })}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title="积水点分布" styles={{ body: { padding: 0, height: 520 } }}>
            <CityMap
              boundaries={boundaries}
              cases={features}
              tileUrl={tileUrl}
              selectedId={selected}
              onSelect={(c) => c && navigate(`/cases/${c.id}`)}
              fitToken={features.length}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
