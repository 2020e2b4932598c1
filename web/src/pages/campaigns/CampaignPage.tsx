import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Modal, Progress, Row, Select, Space, Statistic, Table, Tag, Upload, type TableColumnsType } from 'antd';
import { DownloadOutlined, EditOutlined, UnorderedListOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../auth/AuthContext';
import { isAbort } from '../../api/client';
import { getBoundaries, getConfig, type DivisionProps } from '../../api/endpoints';
import type { CaseSummary, GeoJSONFeatureCollection } from '../../api/types';
import CityMap from '../../map/CityMap';
import { errorMessage } from '../../lib/errors';
import { fmtDate } from '../../lib/format';
import CampaignForm from './CampaignForm';
import { phase } from './CampaignsPage';
import { exportHref, getCampaign, importItems, mapView, num, pct, scopeRing, type CampaignDetail, type ImportReport, type MapView } from './api';

const TrendChart = lazy(() => import('../ReportCharts'));

type TownRow = CampaignDetail['byTown'][number];
type OverdueRow = CampaignDetail['overdueItems'][number];
type ReportRow = ImportReport['report'][number];

const OUTCOME: Record<ReportRow['outcome'], { label: string; color: string }> = {
  new: { label: '新增', color: 'green' },
  unchanged: { label: '已有,不变', color: 'default' },
  rejected: { label: '不能导入', color: 'red' },
};

/** A bar of done / total with the figures written out (5,083/7,292 = 69.7%). */
const Bar = ({ done, total, progress }: { done: number; total: number; progress: number }) => (
  <Progress
    percent={Math.round(progress * 1000) / 10}
    format={() => `${num(done)}/${num(total)} = ${pct(progress)}`}
    size="small"
    status={total && done === total ? 'success' : 'normal'}
  />
);

/**
 * One campaign (/campaigns/:id): its figures, progress by town and week by week, the overdue items, a map of
 * its items, the weekly report's Excel export and the import of its target list (a dry run first).
 */
/** A Shapefile's coordinate system when its .prj is missing (Pinghu lies in 3-degree zone 40, 120°E). */
const CRS_CHOICES = [
  { value: '', label: '按文件的 .prj' },
  { value: 'EPSG:4490', label: '国家2000 经纬度(EPSG:4490)' },
  { value: 'EPSG:4528', label: '国家2000 3度带 第40带 带号(EPSG:4528)' },
  { value: 'EPSG:4549', label: '国家2000 3度带 中央经线120°(EPSG:4549)' },
  { value: 'EPSG:4326', label: 'WGS84 经纬度(EPSG:4326)' },
  { value: 'GCJ02', label: 'GCJ-02(高德/腾讯地图)' },
];

export default function CampaignPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useUser();
  const mayEdit = user.role === 'city_office' || user.role === 'admin';
  const mayImport = user.role === 'city_office' || user.role === 'town_officer';
  const [c, setC] = useState<CampaignDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [editing, setEditing] = useState(false);
  const [boundaries, setBoundaries] = useState<GeoJSONFeatureCollection<DivisionProps> | null>(null);
  const [tileUrl, setTileUrl] = useState<string | null>(null);
  const [view, setView] = useState<MapView | null>(null);
  const viewReq = useRef<AbortController | null>(null);
  // the import: the file, its dry run's report, the import's outcome
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [crs, setCrs] = useState<string | undefined>(undefined);

  useEffect(() => {
    getConfig().then(
      (x) => setTileUrl(x.mapTileUrl),
      () => setTileUrl(null),
    );
    getBoundaries().then(setBoundaries, () => setBoundaries(null));
  }, []);

  useEffect(() => {
    const ac = new AbortController();
    getCampaign(id, ac.signal).then(setC, (e) => !isAbort(e) && setError(errorMessage(e, t)));
    return () => ac.abort();
  }, [id, reload, t]);

  const lastView = useRef<[[number, number, number, number], number] | null>(null);
  const onView = useCallback(
    (bbox: [number, number, number, number], zoom: number) => {
      lastView.current = [bbox, zoom];
      viewReq.current?.abort();
      const ac = new AbortController();
      viewReq.current = ac;
      mapView(id, bbox, zoom, ac.signal).then(setView, () => undefined);
    },
    [id],
  );
  // after an import or a reload, the items in the same view again
  useEffect(() => {
    if (reload && lastView.current) onView(...lastView.current);
  }, [reload, onView]);

  const points: GeoJSONFeatureCollection<CaseSummary>['features'] = useMemo(
    () =>
      (view?.mode === 'points' ? view.points : []).map((p) => ({
        type: 'Feature' as const,
        id: p.id,
        geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] },
        properties: { id: p.id, caseNo: p.caseNo, status: p.status, disposalClass: p.disposalClass, origin: p.origin, kind: 'campaign_item' } as unknown as CaseSummary,
      })),
    [view],
  );

  async function dryRun(f: File, system = crs) {
    setFile(f);
    setReport(null);
    setImportError(null);
    setImporting(true);
    try {
      setReport(await importItems(id, f, true, system));
    } catch (e) {
      setImportError(errorMessage(e, t));
    } finally {
      setImporting(false);
    }
  }
  async function doImport() {
    if (!file) return;
    setImporting(true);
    setImportError(null);
    try {
      const r = await importItems(id, file, false, crs);
      setReport(r);
      setReload((n) => n + 1);
    } catch (e) {
      setImportError(errorMessage(e, t));
      const rep = (e as { report?: ImportReport }).report;
      if (rep) setReport(rep);
    } finally {
      setImporting(false);
    }
  }
  const closeImport = () => {
    setFile(null);
    setReport(null);
    setImportError(null);
    setCrs(undefined);
  };

  if (error) return <Alert type="error" showIcon message={error} style={{ margin: 16 }} />;
  if (!c) return <Card loading style={{ margin: 16 }} />;
  const p = phase(c);

  const townColumns: TableColumnsType<TownRow> = [
    { title: '镇街', dataIndex: 'townName', width: 90 },
    { title: '总数', dataIndex: 'total', width: 70, align: 'right', render: num },
    { title: '已完成', dataIndex: 'done', width: 70, align: 'right', render: num },
    { title: '超期', dataIndex: 'overdue', width: 60, align: 'right', render: (v: number) => (v ? <span style={{ color: '#cf1322' }}>{num(v)}</span> : 0) },
    { title: '完成进度', key: 'bar', render: (_: unknown, r) => <Bar {...r} /> },
  ];
  const overdueColumns: TableColumnsType<OverdueRow> = [
    { title: '编号', dataIndex: 'caseNo', width: 150, render: (v: string) => <span className="mono">{v}</span> },
    { title: '对象', key: 'obj', render: (_: unknown, r) => [r.ref, r.name].filter(Boolean).join(' ') || '—' },
    { title: '镇街', dataIndex: 'townName', width: 80 },
    { title: '村(社区)', dataIndex: 'villageName', width: 100 },
    { title: '责任单位', dataIndex: 'responsibleUnit', width: 100, render: (v: string | null) => v ?? '—' },
    { title: '状态', dataIndex: 'statusLabel', width: 90, render: (v: string) => <Tag>{v}</Tag> },
    { title: '办理期限', dataIndex: 'deadlineAt', width: 100, render: (v: string | null) => (v ? fmtDate(v) : `${c.endsOn}(专项结束)`) },
  ];
  const reportColumns: TableColumnsType<ReportRow> = [
    { title: '行', dataIndex: 'row', width: 60 },
    { title: '编号', dataIndex: 'ref', width: 140, render: (v: string | null) => v ?? '—' },
    { title: '结果', dataIndex: 'outcome', width: 100, render: (v: ReportRow['outcome']) => <Tag color={OUTCOME[v].color}>{OUTCOME[v].label}</Tag> },
    { title: '说明', key: 'why', render: (_: unknown, r) => r.reasons.join(';') || r.caseNo || '' },
  ];
  const weeks = c.weekly.map((w) => w.weekEnding.slice(5));

  return (
    <div className="page" data-testid="campaign-page">
      <Space align="baseline" style={{ justifyContent: 'space-between', width: '100%', marginBottom: 12 }} wrap>
        <div>
          <Link to="/campaigns" className="muted">
            专项整治
          </Link>
          <h2 style={{ margin: 0 }}>
            {c.name} <Tag color={p.color}>{p.label}</Tag>
          </h2>
          <span className="muted">
            {c.startsOn} 至 {c.endsOn} · 范围:{c.scopeDivisions.length ? c.scopeDivisions.map((d) => d.name).join('、') : '全市'}
            {c.scopeArea ? '内的绘制区域' : ''}
            {c.units.length ? ` · 责任单位:${c.units.join('、')}` : ''}
          </span>
        </div>
        <Space wrap>
          <Button icon={<UnorderedListOutlined />} onClick={() => navigate(`/cases?kind=campaign_item&campaignId=${c.id}`)}>
            对象清单
          </Button>
          {mayImport && (
            <Upload accept=".xlsx,.zip,.geojson,.json" showUploadList={false} beforeUpload={(f) => (dryRun(f), false)}>
              <Button icon={<UploadOutlined />} data-testid="campaign-import">
                导入对象
              </Button>
            </Upload>
          )}
          <Button icon={<DownloadOutlined />} href={exportHref(c.id)} data-testid="campaign-export">
            导出周报 Excel
          </Button>
          {mayEdit && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              编辑
            </Button>
          )}
        </Space>
      </Space>
      {c.description && <Alert type="info" message={c.description} style={{ marginBottom: 12 }} />}

      <Card size="small" style={{ marginBottom: 12 }}>
        <Row gutter={16} align="middle">
          <Col xs={12} md={4}>
            <Statistic title="对象总数" value={c.total} suffix="个" />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title="已完成" value={c.done} suffix="个" valueStyle={{ color: '#389e0d' }} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title="未完成" value={c.open} suffix="个" />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title="超期" value={c.overdue} suffix="个" valueStyle={c.overdue ? { color: '#cf1322' } : undefined} />
          </Col>
          <Col xs={24} md={8}>
            <div data-testid="campaign-summary">
              <b>{c.summary}</b>
            </div>
            <Bar done={c.done} total={c.total} progress={c.progress} />
          </Col>
        </Row>
      </Card>

      <Row gutter={12}>
        <Col xs={24} xl={12}>
          <Card size="small" title="按镇街进度" style={{ marginBottom: 12 }}>
            <Table size="small" rowKey="townCode" columns={townColumns} dataSource={c.byTown} pagination={false} data-testid="campaign-towns" locale={{ emptyText: '暂无对象' }} />
          </Card>
          <Card size="small" title="按责任单位" style={{ marginBottom: 12 }}>
            <Table
              size="small"
              rowKey="unit"
              pagination={false}
              dataSource={c.byUnit}
              locale={{ emptyText: '暂无对象' }}
              columns={[
                { title: '责任单位', dataIndex: 'unit', width: 140 },
                { title: '总数', dataIndex: 'total', width: 70, align: 'right', render: num },
                { title: '完成进度', key: 'bar', render: (_: unknown, r: CampaignDetail['byUnit'][number]) => <Bar {...r} /> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title="进度趋势(按周累计)" style={{ marginBottom: 12 }}>
            {c.weekly.length ? (
              <Suspense fallback={<div style={{ height: 240 }} />}>
                <TrendChart
                  kind="line"
                  months={weeks}
                  height={240}
                  testId="campaign-trend"
                  series={[
                    { name: '对象总数', color: '#8c8c8c', values: c.weekly.map((w) => w.total) },
                    { name: '已完成', color: '#389e0d', values: c.weekly.map((w) => w.done) },
                  ]}
                />
              </Suspense>
            ) : (
              <span className="muted">专项尚未开始</span>
            )}
          </Card>
          <Card size="small" title={`对象分布(${num(c.total)})`} styles={{ body: { padding: 0, height: 360 } }} style={{ marginBottom: 12 }}>
            {/* the map fills the card's body, below its title */}
            <div style={{ position: 'relative', height: '100%' }}>
              <CityMap
                boundaries={boundaries}
                // a campaign of one town opens on that town
                focusCode={c.scopeDivisions.length === 1 ? c.scopeDivisions[0].code : null}
                cases={points}
                tileUrl={tileUrl}
                selectedId={null}
                onSelect={(x) => x && navigate(`/cases/${x.id}`)}
                clusters={view?.mode === 'clusters' ? view.clusters : []}
                onView={onView}
                polygon={scopeRing(c.scopeArea)}
              />
            </div>
          </Card>
        </Col>
      </Row>

      <Card size="small" title={`超期对象(${num(c.overdue)})`} data-testid="campaign-overdue">
        <Table
          size="small"
          rowKey="id"
          columns={overdueColumns}
          dataSource={c.overdueItems}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: '没有超期对象' }}
          onRow={(r) => ({ onClick: () => navigate(`/cases/${r.id}`), style: { cursor: 'pointer' } })}
        />
      </Card>

      <Modal
        open={!!file}
        title={`导入专项整治对象:${file?.name ?? ''}`}
        width={760}
        onCancel={closeImport}
        footer={
          report && !report.dryRun ? (
            <Button type="primary" onClick={closeImport}>
              完成
            </Button>
          ) : (
            <Space>
              <Button onClick={closeImport}>取消</Button>
              <Button type="primary" loading={importing} disabled={!report || report.rejected > 0 || report.created === 0} onClick={doImport} data-testid="campaign-import-confirm">
                确认导入 {report?.created ?? 0} 个
              </Button>
            </Space>
          )
        }
      >
        {importError && <Alert type="error" showIcon message={importError} style={{ marginBottom: 12 }} />}
        {report && (
          <div data-testid="campaign-import-report">
            <Alert
              style={{ marginBottom: 12 }}
              type={report.rejected ? 'warning' : 'success'}
              showIcon
              message={
                report.dryRun
                  ? `试导入:共 ${report.rows} 行,可新增 ${report.created} 个,已有不变 ${report.unchanged} 个,不能导入 ${report.rejected} 行${report.rejected ? '(有错误行时不会导入任何数据,请修改后重新上传)' : ''}`
                  : `已导入:新增 ${report.created} 个,已有不变 ${report.unchanged} 个`
              }
            />
            <Table size="small" rowKey="row" columns={reportColumns} dataSource={report.report} pagination={{ pageSize: 8, hideOnSinglePage: true }} />
          </div>
        )}
        {!report && !importError && <Card loading />}
        <div className="muted" style={{ marginTop: 8 }}>
          Excel 首行为表头:编号、名称、类别(杆线/构筑物/房屋/其他)、责任单位、经度、纬度、备注;或 Shapefile 压缩包(.shp .shx .dbf .prj,属性 GBK 或
          UTF-8)、GeoJSON,每个要素一个对象(点;线取中间节点,面取中心),属性同名。同一编号重复导入不会重复建档。
        </div>
        {file && /\.zip$/i.test(file.name) && (
          <Space style={{ marginTop: 8 }} data-testid="campaign-import-crs">
            <span>坐标系:</span>
            <Select
              style={{ width: 330 }}
              value={crs ?? ''}
              onChange={(v: string) => {
                setCrs(v || undefined);
                void dryRun(file, v || undefined);
              }}
              options={CRS_CHOICES}
            />
          </Space>
        )}
      </Modal>
      <CampaignForm
        open={editing}
        campaign={c}
        onClose={() => setEditing(false)}
        onSaved={(x) => {
          setEditing(false);
          setC(x);
        }}
      />
    </div>
  );
}
