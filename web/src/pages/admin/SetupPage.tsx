import { useMemo, useState } from 'react';
import { Alert, App as AntApp, AutoComplete, Button, Card, Col, Descriptions, Input, Row, Select, Space, Switch, Table, Tag, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { CheckCircleOutlined, EyeOutlined, FileZipOutlined, TableOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { ApiBody } from '../../api/types';

type Report = ApiBody<'/api/setup/preview', 'post'>;
type Fate = NonNullable<Report['boundaries']>['features'][number];
type Change = NonNullable<Report['boundaries']>['moved'][number];
type Move = Report['cases']['moved'][number];

const FATE_COLORS: Record<Fate['fate'], string> = { added: 'green', moved: 'orange', unchanged: 'default', refused: 'red', skipped: 'blue' };
const CRS_OPTIONS = ['EPSG:4490', 'EPSG:4528', 'EPSG:4527', 'EPSG:4529', 'EPSG:4549', 'EPSG:4326', 'GCJ02'];
const km2 = (m2: number | null | undefined) => (m2 === null || m2 === undefined ? '—' : `${(m2 / 1e6).toFixed(3)} km²`);

interface Options {
  county: string;
  crs: string;
  encoding: string;
  codeField: string;
}

/** The files go as multipart (the JSON client does not send files); errors keep the API's zh-CN message. */
async function send(what: 'preview' | 'apply', files: { divisions: File | null; boundaries: File | null }, o: Options, fingerprint?: string): Promise<Report> {
  const fd = new FormData();
  if (o.county) fd.append('county', o.county);
  if (o.crs) fd.append('crs', o.crs);
  if (o.encoding) fd.append('encoding', o.encoding);
  if (o.codeField) fd.append('codeField', o.codeField);
  if (fingerprint) fd.append('fingerprint', fingerprint);
  if (files.divisions) fd.append('divisions', files.divisions, files.divisions.name);
  if (files.boundaries) fd.append('boundaries', files.boundaries, files.boundaries.name);
  const res = await fetch(`/api/setup/${what}`, { method: 'POST', body: fd, credentials: 'same-origin', headers: { accept: 'application/json' } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error((body as { message?: string } | null)?.message ?? `HTTP ${res.status}`);
  return body as Report;
}

function FilePick({
  file,
  onPick,
  accept,
  icon,
  label,
  hint,
  testId,
}: {
  file: File | null;
  onPick: (f: File | null) => void;
  accept: string;
  icon: React.ReactNode;
  label: string;
  hint: string;
  testId: string;
}) {
  return (
    <div data-testid={testId}>
      <Upload.Dragger
        accept={accept}
        multiple={false}
        fileList={file ? [{ uid: '1', name: file.name, status: 'done', size: file.size }] : []}
        beforeUpload={(f) => {
          onPick(f);
          return false;
        }}
        onRemove={() => onPick(null)}
      >
        <p className="ant-upload-drag-icon">{icon}</p>
        <p className="ant-upload-text">{label}</p>
        <p className="ant-upload-hint">{hint}</p>
      </Upload.Dragger>
    </div>
  );
}

/** 上线与边界更新: the division code table and/or a boundary file, previewed (each row's and feature's fate), then applied. */
export default function SetupPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [divisions, setDivisions] = useState<File | null>(null);
  const [boundaries, setBoundaries] = useState<File | null>(null);
  const [opts, setOpts] = useState<Options>({ county: '', crs: '', encoding: '', codeField: '' });
  const [report, setReport] = useState<Report | null>(null);
  const [busy, setBusy] = useState<'preview' | 'apply' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notableOnly, setNotableOnly] = useState(true);

  const pick = (set: (f: File | null) => void) => (f: File | null) => {
    set(f);
    setReport(null);
  };
  const option = (k: keyof Options) => (v: string) => {
    setOpts((o) => ({ ...o, [k]: v }));
    setReport(null);
  };

  const run = async (what: 'preview' | 'apply') => {
    setBusy(what);
    setError(null);
    try {
      const r = await send(what, { divisions, boundaries }, opts, what === 'apply' ? report?.fingerprint : undefined);
      setReport(r);
      if (what === 'apply' && r.applied) message.success(t('setup.appliedToast', { n: r.changes }));
    } catch (e) {
      setError((e as Error).message || t('app.loadFailed'));
    } finally {
      setBusy(null);
    }
  };

  const b = report?.boundaries ?? null;
  const notable = (f: Fate) => f.fate === 'refused' || f.fate === 'skipped' || f.fate === 'moved' || !!f.repaired || !!f.nameWarning;
  const features = useMemo(() => (b ? (notableOnly ? b.features.filter(notable) : b.features) : []), [b, notableOnly]);
  const canApply = !!report && !report.applied && !report.blocked && !report.stale && report.changes > 0;

  const featureColumns: TableColumnsType<Fate> = [
    { title: '#', dataIndex: 'n', width: 60 },
    { title: t('setup.col.code'), dataIndex: 'code', width: 130, render: (c: string | null) => c ?? '—' },
    { title: t('setup.col.name'), dataIndex: 'name', width: 200, render: (n: string | null) => n ?? '—' },
    {
      title: t('setup.col.fate'),
      dataIndex: 'fate',
      width: 90,
      render: (f: Fate['fate']) => (
        <Tag color={FATE_COLORS[f]} data-testid={`fate-${f}`}>
          {t(`setup.fate.${f}`)}
        </Tag>
      ),
    },
    {
      title: t('setup.col.note'),
      key: 'note',
      render: (_: unknown, f) => (
        <Space direction="vertical" size={0}>
          {f.reason && <Typography.Text type={f.fate === 'refused' ? 'danger' : 'secondary'}>{f.reason}</Typography.Text>}
          {f.repaired && <Typography.Text type="warning">{t('setup.repaired', { reason: f.repaired })}</Typography.Text>}
          {f.fate === 'moved' && <Typography.Text>{t('setup.changedArea', { area: km2(f.changedM2) })}</Typography.Text>}
          {f.nameWarning && <Typography.Text type="warning">{f.nameWarning}</Typography.Text>}
        </Space>
      ),
    },
  ];
  const changeRows = b
    ? [
        ...b.moved.map((c) => ({ ...c, what: 'moved' as const })),
        ...b.removed.map((c) => ({ ...c, what: 'removed' as const })),
        ...b.added.filter((c) => c.derivedFrom).map((c) => ({ ...c, what: 'added' as const })),
      ]
    : [];
  const changeColumns: TableColumnsType<Change & { what: 'moved' | 'removed' | 'added' }> = [
    {
      title: t('setup.col.change'),
      dataIndex: 'what',
      width: 90,
      render: (w: 'moved' | 'removed' | 'added') => <Tag color={w === 'removed' ? 'red' : w === 'moved' ? 'orange' : 'green'}>{t(`setup.change.${w}`)}</Tag>,
    },
    { title: t('setup.col.code'), dataIndex: 'code', width: 130 },
    { title: t('setup.col.name'), dataIndex: 'name', width: 160 },
    { title: t('setup.col.level'), dataIndex: 'level', width: 100, render: (l: string) => t(`setup.level.${l}`, { defaultValue: l }) },
    { title: t('setup.col.oldArea'), dataIndex: 'oldAreaM2', width: 120, render: km2 },
    { title: t('setup.col.newArea'), dataIndex: 'newAreaM2', width: 120, render: km2 },
    {
      title: t('setup.col.changed'),
      key: 'changed',
      render: (_: unknown, c) => (c.derivedFrom ? t('setup.derived', { n: c.derivedFrom }) : c.what === 'moved' ? km2(c.changedM2) : '—'),
    },
  ];
  const moveColumns: TableColumnsType<Move> = [
    { title: t('setup.col.case'), dataIndex: 'caseNo', width: 200, render: (no: string, m) => <Link to={`/cases/${m.id}`}>{no}</Link> },
    { title: t('setup.col.from'), dataIndex: 'fromName', width: 200 },
    { title: t('setup.col.to'), dataIndex: 'toName', render: (n: string | null) => n ?? <Typography.Text type="danger">{t('setup.outside')}</Typography.Text> },
  ];

  return (
    <div className="page setup-page" data-testid="setup-page">
      <div className="page-head">
        <h1 className="page-title">{t('setup.title')}</h1>
        <Typography.Text type="secondary">{t('setup.intro')}</Typography.Text>
      </div>
      <Card size="small" title={t('setup.filesTitle')} style={{ marginBottom: 12 }}>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <FilePick
              file={divisions}
              onPick={pick(setDivisions)}
              accept=".csv,.txt,text/csv"
              icon={<TableOutlined />}
              label={t('setup.divisionsDrop')}
              hint={t('setup.divisionsHint')}
              testId="setup-divisions"
            />
          </Col>
          <Col xs={24} md={12}>
            <FilePick
              file={boundaries}
              onPick={pick(setBoundaries)}
              accept=".zip,.geojson,.json,.gpkg,application/zip,application/geo+json,application/geopackage+sqlite3"
              icon={<FileZipOutlined />}
              label={t('setup.boundariesDrop')}
              hint={t('setup.boundariesHint')}
              testId="setup-boundaries"
            />
          </Col>
        </Row>
        <Row gutter={12} style={{ marginTop: 12 }}>
          <Col xs={24} md={6}>
            <Typography.Text type="secondary">{t('setup.county')}</Typography.Text>
            <Input value={opts.county} onChange={(e) => option('county')(e.target.value)} placeholder="330482" allowClear />
          </Col>
          <Col xs={24} md={6}>
            <Typography.Text type="secondary">{t('setup.crs')}</Typography.Text>
            <AutoComplete
              value={opts.crs}
              onChange={option('crs')}
              options={CRS_OPTIONS.map((v) => ({ value: v }))}
              placeholder={t('setup.crsAuto')}
              allowClear
              style={{ width: '100%' }}
              data-testid="setup-crs"
            />
          </Col>
          <Col xs={24} md={6}>
            <Typography.Text type="secondary">{t('setup.encoding')}</Typography.Text>
            <Select
              value={opts.encoding}
              onChange={option('encoding')}
              style={{ width: '100%' }}
              options={[
                { value: '', label: t('setup.encodingAuto') },
                { value: 'GBK', label: 'GBK' },
                { value: 'UTF-8', label: 'UTF-8' },
              ]}
            />
          </Col>
          <Col xs={24} md={6}>
            <Typography.Text type="secondary">{t('setup.codeField')}</Typography.Text>
            <Input value={opts.codeField} onChange={(e) => option('codeField')(e.target.value)} placeholder="XZQDM" allowClear />
          </Col>
        </Row>
        <Space style={{ marginTop: 12 }}>
          <Button
            type="primary"
            icon={<EyeOutlined />}
            loading={busy === 'preview'}
            disabled={(!divisions && !boundaries) || busy !== null}
            onClick={() => run('preview')}
            data-testid="setup-preview"
          >
            {t('setup.preview')}
          </Button>
          <Button icon={<CheckCircleOutlined />} loading={busy === 'apply'} disabled={!canApply || busy !== null} onClick={() => run('apply')} data-testid="setup-apply">
            {t('setup.apply')}
          </Button>
          <Typography.Text type="secondary">{t('setup.applyHint')}</Typography.Text>
        </Space>
        {error && (
          <Alert
            style={{ marginTop: 12 }}
            type="error"
            showIcon
            message={t('setup.failed')}
            description={error}
            closable
            onClose={() => setError(null)}
            data-testid="setup-error"
          />
        )}
      </Card>

      {report && (
        <Card size="small" title={report.applied ? t('setup.reportApplied') : t('setup.reportPreview')} data-testid="setup-report">
          <Alert
            style={{ marginBottom: 12 }}
            showIcon
            data-testid="setup-verdict"
            type={report.blocked || report.stale ? 'error' : report.applied ? 'success' : report.changes === 0 ? 'info' : 'warning'}
            message={
              report.blocked
                ? t('setup.blocked')
                : report.stale
                  ? t('setup.stale')
                  : report.applied
                    ? t('setup.applied', { n: report.changes })
                    : report.changes === 0
                      ? t('setup.nothing')
                      : t('setup.willWrite', { n: report.changes })
            }
            description={report.problems.length ? report.problems.join(';') : undefined}
          />
          <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('setup.countyLabel')}>{report.county ? `${report.county.code} ${report.county.name}` : '—'}</Descriptions.Item>
            {report.divisions && (
              <Descriptions.Item label={t('setup.divisionsLabel')}>
                {t('setup.divisionsSummary', {
                  file: report.divisions.file,
                  enc: report.divisions.encoding,
                  added: report.divisions.added.length,
                  renamed: report.divisions.renamed.length,
                  unchanged: report.divisions.unchanged,
                })}
              </Descriptions.Item>
            )}
            {b && <Descriptions.Item label={t('setup.crsLabel')}>{b.crs.label ? `${b.crs.label}(${b.crs.from})` : '—'}</Descriptions.Item>}
            {b && <Descriptions.Item label={t('setup.encodingLabel')}>{b.encoding ?? '—'}</Descriptions.Item>}
            {b && <Descriptions.Item label={t('setup.codeFieldLabel')}>{b.codeField ? `${b.codeField}${b.nameField ? ` / ${b.nameField}` : ''}` : '—'}</Descriptions.Item>}
            {b && (
              <Descriptions.Item label={t('setup.boundariesLabel')}>
                <span data-testid="setup-boundary-counts">
                  {t('setup.boundarySummary', { added: b.added.length, moved: b.moved.length, unchanged: b.unchanged, removed: b.removed.length })}
                </span>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('setup.casesLabel')}>
              {t('setup.casesSummary', { moved: report.cases.moved.length, outside: report.cases.outside.length })}
            </Descriptions.Item>
          </Descriptions>
          {b?.problem && <Alert type="error" showIcon message={b.problem} style={{ marginBottom: 12 }} />}
          {report.divisions && report.divisions.problems.length > 0 && (
            <Table
              size="small"
              rowKey={(p) => `${p.line}-${p.code}`}
              dataSource={report.divisions.problems}
              pagination={false}
              style={{ marginBottom: 12 }}
              title={() => t('setup.rowProblems')}
              columns={[
                { title: t('setup.col.line'), dataIndex: 'line', width: 80 },
                { title: t('setup.col.code'), dataIndex: 'code', width: 140 },
                { title: t('setup.col.note'), dataIndex: 'reason' },
              ]}
            />
          )}
          {b && b.features.length > 0 && (
            <Table<Fate>
              size="small"
              rowKey="n"
              dataSource={features}
              columns={featureColumns}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              style={{ marginBottom: 12 }}
              data-testid="setup-features"
              title={() => (
                <Space>
                  <Typography.Text strong>{t('setup.featuresTitle', { n: b.features.length })}</Typography.Text>
                  {(Object.keys(FATE_COLORS) as Fate['fate'][]).map((f) => (
                    <Tag key={f} color={FATE_COLORS[f]}>
                      {t(`setup.fate.${f}`)} {b.features.filter((x) => x.fate === f).length}
                    </Tag>
                  ))}
                  <Switch size="small" checked={notableOnly} onChange={setNotableOnly} /> {t('setup.notableOnly')}
                </Space>
              )}
              locale={{ emptyText: t('setup.noNotable') }}
            />
          )}
          {changeRows.length > 0 && (
            <Table
              size="small"
              rowKey={(c) => `${c.what}-${c.code}`}
              dataSource={changeRows}
              columns={changeColumns}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              style={{ marginBottom: 12 }}
              title={() => <Typography.Text strong>{t('setup.changesTitle')}</Typography.Text>}
              data-testid="setup-changes"
            />
          )}
          {report.cases.moved.length + report.cases.outside.length > 0 && (
            <Table<Move>
              size="small"
              rowKey="id"
              dataSource={[...report.cases.outside, ...report.cases.moved]}
              columns={moveColumns}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              title={() => <Typography.Text strong>{t('setup.casesTitle')}</Typography.Text>}
              data-testid="setup-cases"
            />
          )}
        </Card>
      )}
    </div>
  );
}
