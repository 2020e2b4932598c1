import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { CloudUploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { ApiBody } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { STATUS_COLORS, type Source } from './ExternalPointsPage';

type Result = ApiBody<'/api/external/sources/{id}/imports', 'post'>;
type RowReport = Result['rows'][number];
type ImportItem = ApiBody<'/api/external/sources/{id}/imports'>['items'][number];
const FATE_COLORS: Record<RowReport['fate'], string> = { new: 'green', updated: 'blue', unchanged: 'default', rejected: 'red' };

/** The file goes as multipart (the JSON client does not send files); errors keep the API's zh-CN message. */
async function send(sourceId: string, file: File, dryRun: boolean): Promise<Result> {
  const fd = new FormData();
  fd.append('dryRun', String(dryRun));
  fd.append('file', file, file.name);
  const res = await fetch(`/api/external/sources/${sourceId}/imports`, { method: 'POST', body: fd, credentials: 'same-origin', headers: { accept: 'application/json' } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error((body as { message?: string } | null)?.message ?? `HTTP ${res.status}`);
  return body as Result;
}

/** Each row's fate, as the dry run and the import report it. */
export function RowTable({ rows, testId }: { rows: RowReport[]; testId?: string }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<RowReport> = [
    { title: t('ext.col.row'), dataIndex: 'rowNo', width: 70 },
    { title: t('ext.col.externalId'), dataIndex: 'externalId', width: 150, render: (v: string | null) => <span className="mono">{v ?? '—'}</span> },
    { title: t('ext.col.fate'), dataIndex: 'fate', width: 80, render: (f: RowReport['fate']) => <Tag color={FATE_COLORS[f]}>{t(`ext.fate.${f}`)}</Tag> },
    {
      title: t('ext.col.match'),
      key: 'm',
      width: 200,
      render: (_: unknown, r) =>
        r.match && r.fate !== 'rejected' ? (
          <Space size={4} wrap>
            <Tag color={STATUS_COLORS[r.match.status]}>{t(`ext.status.${r.match.status}`)}</Tag>
            {r.match.caseNo ? <span className="mono">{r.match.caseNo}</span> : null}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('ext.col.detail'),
      key: 'd',
      render: (_: unknown, r) => (
        <span className={r.reasons.length ? 'import-reason' : undefined}>
          {[
            ...r.reasons,
            ...r.notes,
            ...(r.changes.length ? [t('ext.changes', { cols: r.changes.join('、') })] : []),
            ...(r.match && r.fate !== 'unchanged' ? [r.match.note] : []),
          ].join(';')}
        </span>
      ),
    },
  ];
  return <Table size="small" rowKey="rowNo" dataSource={rows} columns={columns} pagination={{ pageSize: 50, hideOnSinglePage: true }} data-testid={testId} />;
}

function CountsLine({ counts }: { counts: Record<string, number> }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size={0}>
      <strong>{t('ext.countsLine', counts)}</strong>
      <span className="muted">{t('ext.matchLine', counts)}</span>
    </Space>
  );
}

/** Import a list: pick the file, read the dry run's per-row report, confirm; below, the source's import history. */
export function ImportPanel({ source, canImport, onImported }: { source: Source; canImport: boolean; onImported: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [dry, setDry] = useState<Result | null>(null);
  const [done, setDone] = useState<Result | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [history, setHistory] = useState<ImportItem[] | null>(null);
  const [report, setReport] = useState<ApiBody<'/api/external/imports/{id}'> | null>(null);
  const [n, setN] = useState(0);

  useEffect(() => {
    api<ApiBody<'/api/external/sources/{id}/imports'>>(`/api/external/sources/${source.id}/imports`).then((r) => setHistory(r.items), setError);
  }, [source.id, n]);

  async function pick(f: File) {
    setFile(f);
    setDry(null);
    setDone(null);
    setError(null);
    setBusy(true);
    try {
      setDry(await send(source.id, f, true));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  async function confirm() {
    if (!file) return;
    setBusy(true);
    try {
      const r = await send(source.id, file, false);
      setDone(r);
      setDry(null);
      message.success(t('ext.imported', r.counts));
      setN((x) => x + 1);
      onImported();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      {canImport ? (
        <div data-testid="ext-upload">
          <Upload.Dragger
            accept=".xlsx,.csv,.txt"
            multiple={false}
            showUploadList={false}
            beforeUpload={(f) => {
              void pick(f);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <CloudUploadOutlined />
            </p>
            <p className="ant-upload-text">{file ? file.name : t('ext.upload')}</p>
            <p className="ant-upload-hint">{t('ext.uploadHint')}</p>
          </Upload.Dragger>
        </div>
      ) : null}
      {error ? <Alert type="error" showIcon message={errorMessage(error, t)} /> : null}
      {dry ? (
        <Card
          size="small"
          title={t('ext.dryRun')}
          data-testid="ext-dry-run"
          extra={
            <Button type="primary" loading={busy} onClick={confirm} data-testid="ext-confirm">
              {t('ext.confirm')}
            </Button>
          }
        >
          <CountsLine counts={dry.counts} />
          <RowTable rows={dry.rows} testId="ext-dry-rows" />
        </Card>
      ) : null}
      {done ? <Alert type="success" showIcon data-testid="ext-imported" message={t('ext.imported', done.counts)} /> : null}
      <Card size="small" title={t('ext.history')}>
        <Table
          size="small"
          rowKey="id"
          loading={!history}
          dataSource={history ?? []}
          pagination={false}
          data-testid="ext-history"
          columns={[
            { title: t('ext.col.at'), dataIndex: 'importedAt', width: 170, render: (v: string) => fmtDateTime(v) },
            {
              title: t('ext.col.file'),
              dataIndex: 'filename',
              render: (v: string, r) => (
                <Typography.Link onClick={() => api<ApiBody<'/api/external/imports/{id}'>>(`/api/external/imports/${r.id}`).then(setReport, setError)}>{v}</Typography.Link>
              ),
            },
            { title: t('ext.col.rows'), dataIndex: 'totalRows', width: 70 },
            { title: t('ext.col.counts'), key: 'c', render: (_: unknown, r) => t('ext.countsLine', r.counts) },
            { title: t('ext.col.by'), dataIndex: 'importedBy', width: 120 },
          ]}
        />
      </Card>
      <Modal open={!!report} onCancel={() => setReport(null)} footer={null} width={1000} title={report ? `${t('ext.report')} · ${report.filename}` : ''}>
        {report ? (
          <>
            <CountsLine counts={report.counts} />
            <RowTable rows={report.rows} />
          </>
        ) : null}
      </Modal>
    </Space>
  );
}
