import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Image,
  Input,
  Modal,
  Progress,
  Row,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
  message,
} from 'antd';
import { CloudUploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { useUser } from '../../auth/AuthContext';
import { isAbort } from '../../api/client';
import { StatusTag } from '../../components/tags';
import { errorMessage } from '../../lib/errors';
import { fmtArea, fmtDate, fmtDateTime } from '../../lib/format';
import { useSearchState } from '../../lib/useSearchState';
import { getBatch, getBatches, getPatch, getPatches, reviewPatch, sendBatch, type ImportReport, type Patch, type PatchBatch, type PatchBatchDetail, type PatchDetail } from './api';

const STATUS_COLORS: Record<Patch['status'], string> = { pending: 'orange', submitted: 'blue', verified: 'green' };
const VERDICT_COLORS: Record<NonNullable<Patch['verdict']>, string> = { violation: 'red', legal: 'green', known: 'geekblue', not_found: 'default' };
const REVIEWERS = new Set(['town_officer', 'city_office']);
const IMPORTERS = new Set(['city_office', 'admin']);

/** The patch's polygon drawn as an outline (no basemap needed): its shape and size at a glance. */
function PatchShape({ geometry }: { geometry: PatchDetail['geometry'] }) {
  const polys = (geometry.type === 'MultiPolygon' ? geometry.coordinates : [geometry.coordinates]) as number[][][][];
  const pts = polys.flat(2);
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const k = Math.cos(((y0 + y1) / 2) * (Math.PI / 180));
  const w = (x1 - x0) * k || 1e-9;
  const h = y1 - y0 || 1e-9;
  const s = 180 / Math.max(w, h);
  const d = polys
    .flatMap((poly) => poly.map((ring) => `M${ring.map((p) => `${(10 + (p[0] - x0) * k * s).toFixed(1)},${(10 + (y1 - p[1]) * s).toFixed(1)}`).join('L')}Z`))
    .join(' ');
  return (
    <svg width={200} height={200} viewBox="0 0 200 200" role="img" aria-label="patch" style={{ background: '#f6f8fa', border: '1px solid #e5e7eb' }}>
      <path d={d} fill="rgba(250,140,22,0.25)" stroke="#fa541c" strokeWidth={2} fillRule="evenodd" />
    </svg>
  );
}

function Figures({ b }: { b: PatchBatch['figures'] }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <Tag color="green">
        {t('patches.onTime')} {b.onTime}
      </Tag>
      <Tag color="gold">
        {t('patches.late')} {b.late}
      </Tag>
      <Tag color={b.overdue ? 'red' : 'default'}>
        {t('patches.outstanding')} {b.outstanding}
        {b.overdue ? `(${t('patches.overdue')} ${b.overdue})` : ''}
      </Tag>
    </Space>
  );
}

/** One patch: its outline, facts, verdict and photos; the town's review of a submitted verdict. */
function PatchDrawer({ id, onClose, onChanged }: { id: string | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const [p, setP] = useState<PatchDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => {
    if (!id) return;
    setP(null);
    getPatch(id).then(setP, (e) => setError(errorMessage(e, t)));
  }, [id, t]);
  useEffect(() => {
    setError(null);
    setReason('');
    load();
  }, [load]);
  const act = async (action: 'approve' | 'return') => {
    if (!p) return;
    setBusy(true);
    try {
      await reviewPatch(p.id, { action, version: p.version, ...(action === 'return' ? { reason } : {}) });
      message.success(t(action === 'approve' ? 'patches.approved' : 'patches.sentBack'));
      onChanged();
      load();
    } catch (e) {
      setError(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer open={id !== null} onClose={onClose} width={560} title={p ? `${t('patches.detail')} ${p.code}` : t('patches.detail')} data-testid="patch-drawer">
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      {p ? (
        <Space direction="vertical" style={{ width: '100%' }} size={12}>
          <Space align="start" size={16}>
            <PatchShape geometry={p.geometry} />
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('patches.batchNo')}>{p.batchNo}</Descriptions.Item>
              <Descriptions.Item label={t('patches.place')}>
                {p.townName} · {p.villageName}
              </Descriptions.Item>
              <Descriptions.Item label={t('patches.area')}>{`${fmtArea(p.areaM2)} ㎡`}</Descriptions.Item>
              <Descriptions.Item label={t('patches.dueOn')}>
                {fmtDate(p.dueOn)} {p.overdue ? <Tag color="red">{t('patches.overdue')}</Tag> : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('patches.status')}>
                <Tag color={STATUS_COLORS[p.status]}>{t(`patchStatus.${p.status}`)}</Tag>
                {p.onTime === false ? <Tag color="gold">{t('patches.late')}</Tag> : null}
              </Descriptions.Item>
            </Descriptions>
          </Space>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('patches.verdict')}>
              {p.verdict ? <Tag color={VERDICT_COLORS[p.verdict]}>{t(`patchVerdict.${p.verdict}`)}</Tag> : '—'}
              {p.matchedByImport && !p.verdictBy ? <Typography.Text type="secondary">{t('patches.byImport', { m: Math.round(p.matchDistanceM ?? 0) })}</Typography.Text> : null}
            </Descriptions.Item>
            <Descriptions.Item label={t('patches.note')}>{p.verdictNote ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('patches.verdictBy')}>
              {p.verdictBy ?? '—'} {p.verdictAt ? fmtDateTime(p.verdictAt) : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('patches.case')}>
              {p.caseId ? (
                <Space>
                  <Link to={`/cases/${p.caseId}`}>{p.caseNo}</Link>
                  {p.caseStatus ? <StatusTag status={p.caseStatus} /> : null}
                </Space>
              ) : (
                '—'
              )}
            </Descriptions.Item>
            {p.returnReason ? (
              <Descriptions.Item label={t('patches.returnReason')}>
                {p.returnReason} <Tag>{t('patches.returned', { count: p.returnedCount })}</Tag>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          <Card size="small" title={t('patches.photos')}>
            {p.photos.length ? (
              <Image.PreviewGroup>
                <Space wrap>
                  {p.photos.map((f) => (
                    <div key={f.id} style={{ textAlign: 'center' }}>
                      <Image width={120} height={90} style={{ objectFit: 'cover' }} src={f.urls.thumbnail} preview={{ src: f.urls.display }} alt={f.kind} />
                      <div style={{ fontSize: 12, color: '#888' }}>{f.kind === 'proof' ? t('patches.proof') : fmtDateTime(f.capturedAt ?? f.uploadedAt)}</div>
                    </div>
                  ))}
                </Space>
              </Image.PreviewGroup>
            ) : (
              <Typography.Text type="secondary">{t('patches.noPhotos')}</Typography.Text>
            )}
          </Card>
          {p.status === 'submitted' && REVIEWERS.has(user.role) ? (
            <Card size="small" title={t('patches.review')} data-testid="patch-review">
              <Space direction="vertical" style={{ width: '100%' }}>
                <Input.TextArea rows={2} placeholder={t('patches.sendBackReason')} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
                {p.caseNo ? (
                  <Typography.Text type="secondary" data-testid="patch-send-back-case">
                    {t(p.verdict === 'violation' ? 'patches.sendBackWithdraws' : 'patches.sendBackUnlinks', { caseNo: p.caseNo })}
                  </Typography.Text>
                ) : null}
                <Space>
                  <Button type="primary" loading={busy} onClick={() => act('approve')}>
                    {t('patches.approve')}
                  </Button>
                  <Button danger loading={busy} disabled={!reason.trim()} onClick={() => act('return')}>
                    {t('patches.sendBack')}
                  </Button>
                </Space>
              </Space>
            </Card>
          ) : null}
          {Object.keys(p.attributes).length ? (
            <Descriptions size="small" column={2} title={t('patches.attributes')}>
              {Object.entries(p.attributes).map(([k, v]) => (
                <Descriptions.Item key={k} label={k}>
                  {v === null || v === undefined ? '—' : String(v)}
                </Descriptions.Item>
              ))}
            </Descriptions>
          ) : null}
        </Space>
      ) : null}
    </Drawer>
  );
}

/** Import a batch: the form, the preview's per-feature report, then the import itself. */
function ImportModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (batchId: string | null) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const read = async () => {
    const v = await form.validateFields();
    return {
      file: file!,
      batchNo: v.batchNo,
      source: v.source,
      detectedOn: (v.detectedOn as Dayjs).format('YYYY-MM-DD'),
      dueOn: (v.dueOn as Dayjs).format('YYYY-MM-DD'),
      crs: v.crs || undefined,
    };
  };
  const run = async (preview: boolean) => {
    if (!file) return setError(t('patches.file'));
    setBusy(true);
    setError(null);
    try {
      const r = await sendBatch(await read(), preview);
      setReport(r);
      if (!preview && r.applied) {
        message.success(t('patches.imported', { batchNo: r.batchNo }));
        onDone(r.batchId);
      }
    } catch (e) {
      if (e instanceof Error && e.message) setError(e.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      onCancel={onClose}
      width={880}
      title={t('patches.import')}
      footer={
        <Space>
          <Button onClick={() => run(true)} loading={busy} data-testid="patch-preview">
            {t('patches.preview')}
          </Button>
          <Button type="primary" onClick={() => run(false)} loading={busy} disabled={!report || report.blocked || report.alreadyImported !== null}>
            {t('patches.doImport')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="inline" initialValues={{ source: 'satellite' }} style={{ rowGap: 8 }}>
        <Form.Item name="batchNo" label={t('patches.batchNo')} rules={[{ required: true }]}>
          <Input style={{ width: 180 }} placeholder="2026年第4季度卫片" />
        </Form.Item>
        <Form.Item name="source" label={t('patches.source')}>
          <Select
            style={{ width: 100 }}
            options={[
              { value: 'satellite', label: t('patchSource.satellite') },
              { value: 'drone', label: t('patchSource.drone') },
            ]}
          />
        </Form.Item>
        <Form.Item name="detectedOn" label={t('patches.detectedOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="dueOn" label={t('patches.dueOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="crs" label={t('patches.crs')}>
          <Select allowClear style={{ width: 160 }} options={['EPSG:4490', 'EPSG:4528', 'EPSG:4549', 'EPSG:4326', 'GCJ02'].map((v) => ({ value: v, label: v }))} />
        </Form.Item>
        <Form.Item label={t('patches.file')} extra={t('patches.fileHint')}>
          <Upload
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              setReport(null);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <Button icon={<CloudUploadOutlined />}>{file ? file.name : t('patches.file')}</Button>
          </Upload>
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} /> : null}
      {report ? (
        <div style={{ marginTop: 12 }} data-testid="patch-import-report">
          {report.alreadyImported ? (
            <Alert type="info" showIcon message={t('patches.already', { at: fmtDateTime(report.alreadyImported.importedAt), batchNo: report.alreadyImported.batchNo })} />
          ) : (
            <Alert
              type={report.blocked ? 'error' : 'success'}
              showIcon
              message={t('patches.previewTitle', report.counts)}
              description={report.problems.length ? report.problems.join(';') : report.file.crs ? `${report.file.crs.label}(${report.file.crs.from})` : null}
            />
          )}
          <Table
            size="small"
            rowKey="n"
            style={{ marginTop: 8 }}
            dataSource={report.features}
            pagination={{ pageSize: 8, showSizeChanger: false }}
            columns={[
              { title: '#', dataIndex: 'n', width: 50 },
              { title: t('patches.code'), dataIndex: 'code', width: 130 },
              {
                title: t('patches.status'),
                dataIndex: 'fate',
                width: 100,
                render: (f: ImportReport['features'][number]['fate']) => (
                  <Tag color={{ task: 'orange', matched: 'blue', skipped: 'default', refused: 'red' }[f]}>{t(`patches.fate.${f}`)}</Tag>
                ),
              },
              { title: t('patches.place'), key: 'place', render: (_: unknown, r) => (r.townName ? `${r.townName} · ${r.villageName}` : '—') },
              { title: t('patches.area'), dataIndex: 'areaM2', width: 100, render: (v: number | null) => `${fmtArea(v)} ㎡` },
              {
                title: t('patches.reason'),
                key: 'reason',
                render: (_: unknown, r) => (
                  <Space direction="vertical" size={0}>
                    {r.match ? `${r.match.caseNo}(${r.match.overlapM2 ? `${fmtArea(r.match.overlapM2)} ㎡` : `${Math.round(r.match.distanceM)} m`})` : null}
                    {r.reason ? <Typography.Text type={r.fate === 'refused' ? 'danger' : 'secondary'}>{r.reason}</Typography.Text> : null}
                    {r.repaired ? <Typography.Text type="warning">{`${t('patches.repaired')}:${r.repaired}`}</Typography.Text> : null}
                  </Space>
                ),
              },
            ]}
          />
        </div>
      ) : null}
    </Modal>
  );
}

/**
 * 图斑核查 (/patches): the batches with their figures (verified on time, late, outstanding), each batch's figures per
 * town and its patches; a patch's outline, verdict and photos, and the town officer's review (approve / send back).
 */
export default function PatchesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const s = useSearchState();
  const batchId = s.get('batch');
  const status = s.get('status');
  const [batches, setBatches] = useState<PatchBatch[] | null>(null);
  const [detail, setDetail] = useState<PatchBatchDetail | null>(null);
  const [patches, setPatches] = useState<Patch[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    const ac = new AbortController();
    getBatches(ac.signal).then(
      (r) => setBatches(r.items),
      (e) => !isAbort(e) && setError(errorMessage(e, t)),
    );
    return () => ac.abort();
  }, [t, tick]);
  const selected = batchId ?? batches?.[0]?.id ?? null;
  useEffect(() => {
    if (!selected) return;
    const ac = new AbortController();
    const fail = (e: unknown) => !isAbort(e) && setError(errorMessage(e, t));
    getBatch(selected, ac.signal).then(setDetail, fail);
    getPatches({ batchId: selected, status: status ?? undefined }, ac.signal).then((r) => setPatches(r.items), fail);
    return () => ac.abort();
  }, [selected, status, t, tick]);

  const columns = useMemo(
    () => [
      { title: t('patches.batchNo'), dataIndex: 'batchNo', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
      { title: t('patches.source'), dataIndex: 'source', width: 80, render: (v: PatchBatch['source']) => t(`patchSource.${v}`) },
      { title: t('patches.detectedOn'), dataIndex: 'detectedOn', width: 110, render: (v: string) => fmtDate(v) },
      { title: t('patches.dueOn'), dataIndex: 'dueOn', width: 110, render: (v: string) => fmtDate(v) },
      { title: t('patches.total'), key: 'total', width: 80, render: (_: unknown, b: PatchBatch) => b.figures.total },
      { title: t('patches.matched'), key: 'matched', width: 80, render: (_: unknown, b: PatchBatch) => b.figures.matched },
      { title: `${t('patches.onTime')} / ${t('patches.late')} / ${t('patches.outstanding')}`, key: 'fig', render: (_: unknown, b: PatchBatch) => <Figures b={b.figures} /> },
      {
        title: t('patches.onTimeRate'),
        key: 'rate',
        width: 150,
        render: (_: unknown, b: PatchBatch) => (
          <Progress size="small" percent={Math.round((b.figures.onTimeRate ?? 0) * 1000) / 10} status={b.figures.overdue ? 'exception' : 'normal'} />
        ),
      },
    ],
    [t],
  );

  return (
    <div className="page" data-testid="patches-page">
      <Card
        size="small"
        title={t('patches.title')}
        extra={
          IMPORTERS.has(user.role) ? (
            <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => setImporting(true)}>
              {t('patches.import')}
            </Button>
          ) : null
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('patches.intro')}
        </Typography.Paragraph>
        {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} /> : null}
        <Table<PatchBatch>
          size="small"
          rowKey="id"
          loading={!batches}
          dataSource={batches ?? []}
          pagination={false}
          locale={{ emptyText: <Empty description={t('patches.noBatch')} /> }}
          rowClassName={(b) => (b.id === selected ? 'ant-table-row-selected' : '')}
          onRow={(b) => ({ onClick: () => s.update({ batch: b.id, status: null }), style: { cursor: 'pointer' } })}
          columns={columns}
          data-testid="patch-batches"
        />
      </Card>
      {detail ? (
        <Row gutter={12} style={{ marginTop: 12 }}>
          <Col xs={24} xl={7}>
            <Card size="small" title={`${detail.batchNo} · ${t('patches.towns')}`}>
              <Table
                size="small"
                rowKey="townCode"
                pagination={false}
                dataSource={detail.towns}
                columns={[
                  { title: t('patches.town'), dataIndex: 'townName' },
                  { title: t('patches.total'), dataIndex: 'total', width: 60 },
                  { title: t('patches.onTime'), dataIndex: 'onTime', width: 70 },
                  { title: t('patches.late'), dataIndex: 'late', width: 70 },
                  {
                    title: t('patches.outstanding'),
                    dataIndex: 'outstanding',
                    width: 70,
                    render: (v: number, r) => <span style={{ color: r.overdue ? '#cf1322' : undefined }}>{v}</span>,
                  },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} xl={17}>
            <Card
              size="small"
              title={`${detail.batchNo} · ${t('patches.total')} ${detail.figures.total}`}
              extra={
                <Segmented
                  size="small"
                  value={status ?? 'all'}
                  onChange={(v) => s.update({ status: v === 'all' ? null : String(v) })}
                  options={[
                    { value: 'all', label: t('patches.all') },
                    { value: 'pending', label: `${t('patchStatus.pending')} ${detail.figures.pending}` },
                    { value: 'submitted', label: `${t('patchStatus.submitted')} ${detail.figures.submitted}` },
                    { value: 'verified', label: `${t('patchStatus.verified')} ${detail.figures.verified}` },
                  ]}
                />
              }
            >
              <Table<Patch>
                size="small"
                rowKey="id"
                loading={!patches}
                dataSource={patches ?? []}
                pagination={{ pageSize: 15, showSizeChanger: false }}
                onRow={(p) => ({ onClick: () => setOpen(p.id), style: { cursor: 'pointer' } })}
                data-testid="patch-list"
                columns={[
                  { title: t('patches.code'), dataIndex: 'code', width: 130 },
                  { title: t('patches.place'), key: 'place', render: (_: unknown, p) => `${p.townName} · ${p.villageName}` },
                  { title: t('patches.area'), dataIndex: 'areaM2', width: 100, render: (v: number) => `${fmtArea(v)} ㎡` },
                  {
                    title: t('patches.status'),
                    dataIndex: 'status',
                    width: 130,
                    render: (v: Patch['status'], p) => (
                      <Space size={2}>
                        <Tag color={STATUS_COLORS[v]}>{t(`patchStatus.${v}`)}</Tag>
                        {p.overdue ? <Tag color="red">{t('patches.overdue')}</Tag> : p.onTime === false ? <Tag color="gold">{t('patches.late')}</Tag> : null}
                      </Space>
                    ),
                  },
                  {
                    title: t('patches.verdict'),
                    dataIndex: 'verdict',
                    width: 110,
                    render: (v: Patch['verdict']) => (v ? <Tag color={VERDICT_COLORS[v]}>{t(`patchVerdict.${v}`)}</Tag> : '—'),
                  },
                  { title: t('patches.verdictBy'), key: 'by', width: 150, render: (_: unknown, p) => (p.verdictAt ? `${p.verdictBy ?? '导入比对'} ${fmtDate(p.verdictAt)}` : '—') },
                  {
                    title: t('patches.case'),
                    key: 'case',
                    width: 150,
                    render: (_: unknown, p) =>
                      p.caseId ? (
                        <Link to={`/cases/${p.caseId}`} onClick={(e) => e.stopPropagation()}>
                          {p.caseNo}
                        </Link>
                      ) : (
                        '—'
                      ),
                  },
                ]}
              />
            </Card>
          </Col>
        </Row>
      ) : batches?.length ? (
        <Empty description={t('patches.pickBatch')} style={{ marginTop: 24 }} />
      ) : null}
      <PatchDrawer id={open} onClose={() => setOpen(null)} onChanged={refresh} />
      {importing ? (
        <ImportModal
          open
          onClose={() => setImporting(false)}
          onDone={(id) => {
            setImporting(false);
            if (id) s.update({ batch: id, status: null });
            refresh();
          }}
        />
      ) : null}
    </div>
  );
}
