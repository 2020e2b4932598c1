import { useCallback, useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Descriptions, Progress, Row, Space, Table, Tag, Tooltip, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, FileExcelOutlined, ReloadOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, isAbort } from '../api/client';
import { useUser } from '../auth/AuthContext';
import { ErrorResult } from '../components/ErrorResult';
import { errorMessage } from '../lib/errors';
import { fmtDateTime } from '../lib/format';
import type { ApiBody } from '../api/types';

type CaseImport = ApiBody<'/api/imports'>['items'][number];
type ImportStatus = CaseImport['status'];
type ImportDetail = ApiBody<'/api/imports/{id}'>;

const STATUS_COLORS: Record<ImportStatus, string> = { queued: 'default', running: 'processing', done: 'success', failed: 'error' };
const UPLOADERS = new Set(['city_office', 'town_officer']);
/** While an import is queued or running the list is read again this often. */
const POLL_MS = 1500;

const listImports = (signal?: AbortSignal) => api<ApiBody<'/api/imports'>>('/api/imports?limit=50', { signal });
const getImport = (id: string) => api<ImportDetail>(`/api/imports/${id}`);

/** The file goes as multipart (the JSON client does not send files); errors keep the API's zh-CN message. */
async function uploadLedger(file: File): Promise<{ id: string; totalRows: number; ignoredColumns: string[] }> {
  const fd = new FormData();
  fd.append('file', file, file.name);
  const res = await fetch('/api/imports/cases', { method: 'POST', body: fd, credentials: 'same-origin', headers: { accept: 'application/json' } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error((body as { message?: string } | null)?.message ?? `HTTP ${res.status}`);
  return body;
}

/** The first rejected rows of an import, with their reasons (the error workbook has them all). */
function ImportErrors({ id }: { id: string }) {
  const { t } = useTranslation();
  const [detail, setDetail] = useState<ImportDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    getImport(id).then(setDetail, setError);
  }, [id]);
  if (error) return <Alert type="error" showIcon message={errorMessage(error, t)} />;
  return (
    <Table
      size="small"
      rowKey="row"
      loading={!detail}
      dataSource={detail?.errors ?? []}
      pagination={false}
      scroll={{ y: 320 }}
      data-testid="import-errors"
      columns={[
        { title: t('imp.col.row'), dataIndex: 'row', width: 90 },
        { title: t('imp.col.reasons'), dataIndex: 'reasons', render: (r: string[]) => <span className="import-reason">{r.join(';')}</span> },
      ]}
      footer={detail && detail.rejectedCount > detail.errors.length ? () => t('imp.moreErrors', { shown: detail.errors.length, total: detail.rejectedCount }) : undefined}
    />
  );
}

/** 普查导入: download the template, upload a census ledger, follow its progress, open its cases or its rejected rows. */
export default function ImportPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const canUpload = UPLOADERS.has(user.role);
  const [items, setItems] = useState<CaseImport[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [latest, setLatest] = useState<string | null>(null);

  useEffect(() => {
    const ac = new AbortController();
    listImports(ac.signal).then(
      (r) => {
        setItems(r.items);
        setError(null);
      },
      (e) => !isAbort(e) && setError(e),
    );
    return () => ac.abort();
  }, [reload]);

  // imports the worker has not finished: read the list again shortly
  const pending = (items ?? []).some((i) => i.status === 'queued' || i.status === 'running');
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => setReload((x) => x + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [pending, items]);

  const upload = useCallback(
    async (file: File) => {
      setUploading(true);
      setUploadError(null);
      try {
        const r = await uploadLedger(file);
        setLatest(r.id);
        message.success(t('imp.queued', { rows: r.totalRows }));
        if (r.ignoredColumns.length) message.info(t('imp.ignored', { cols: r.ignoredColumns.join('、') }));
        setReload((x) => x + 1);
      } catch (e) {
        setUploadError((e as Error).message || t('app.loadFailed'));
      } finally {
        setUploading(false);
      }
    },
    [message, t],
  );

  if (error && !items) return <ErrorResult error={error} onRetry={() => setReload((x) => x + 1)} />;

  const current = (items ?? []).find((i) => i.id === latest) ?? null;

  const columns: TableColumnsType<CaseImport> = [
    {
      title: t('imp.col.file'),
      dataIndex: 'filename',
      width: 240,
      ellipsis: true,
      render: (v: string, r) => (
        <Space size={6}>
          <FileExcelOutlined style={{ color: '#1d6f42' }} />
          <Tooltip title={`${(r.fileSize / 1024).toFixed(0)} KB`}>{v}</Tooltip>
        </Space>
      ),
    },
    { title: t('imp.col.by'), key: 'by', width: 200, ellipsis: true, render: (_: unknown, r) => `${r.requestedBy.name} · ${r.divisionName}` },
    { title: t('imp.col.at'), dataIndex: 'createdAt', width: 150, render: (v: string) => fmtDateTime(v) },
    {
      title: t('imp.col.status'),
      dataIndex: 'status',
      width: 90,
      render: (v: ImportStatus, r) => (
        <Tooltip title={r.error ?? undefined}>
          <Tag color={STATUS_COLORS[v]} data-testid={`import-status-${r.id}`} data-status={v}>
            {t(`imp.status.${v}`)}
          </Tag>
        </Tooltip>
      ),
    },
    {
      title: t('imp.col.progress'),
      key: 'progress',
      width: 220,
      render: (_: unknown, r) => (
        <div data-testid={`import-progress-${r.id}`}>
          <Progress
            percent={Math.floor(r.progress * 100)}
            size="small"
            status={r.status === 'failed' ? 'exception' : r.status === 'done' ? 'success' : 'active'}
            format={() => `${r.rowsDone} / ${r.totalRows}`}
          />
        </div>
      ),
    },
    {
      title: t('imp.col.result'),
      key: 'result',
      width: 170,
      render: (_: unknown, r) => (
        <Space size={4}>
          <Tag color="green" data-testid={`import-created-${r.id}`}>
            {t('imp.created', { n: r.createdCount })}
          </Tag>
          <Tag color={r.rejectedCount ? 'red' : 'default'} data-testid={`import-rejected-${r.id}`}>
            {t('imp.rejected', { n: r.rejectedCount })}
          </Tag>
        </Space>
      ),
    },
    {
      title: t('imp.col.actions'),
      key: 'actions',
      width: 240,
      fixed: 'right',
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          {r.createdCount > 0 && (
            <Link to={r.casesLink} data-testid={`import-cases-${r.id}`}>
              <UnorderedListOutlined /> {t('imp.viewCases')}
            </Link>
          )}
          {r.rejectedCount > 0 && (
            <Button type="link" size="small" icon={<DownloadOutlined />} href={`/api/imports/${r.id}/errors.xlsx`} data-testid={`import-errors-${r.id}`}>
              {t('imp.downloadErrors')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div className="page import-page" data-testid="import-page">
      <div className="page-head">
        <h1 className="page-title">{t('imp.title')}</h1>
        <Typography.Text type="secondary">{t('imp.intro')}</Typography.Text>
      </div>
      <Row gutter={12}>
        {canUpload && (
          <Col xs={24} xl={9}>
            <Card size="small" title={t('imp.uploadTitle')} style={{ marginBottom: 12 }}>
              <Space direction="vertical" style={{ width: '100%' }} size={10}>
                <div>
                  <Typography.Text strong>{t('imp.step1')}</Typography.Text>
                  <div style={{ marginTop: 6 }}>
                    <Button icon={<DownloadOutlined />} href="/api/imports/cases/template.xlsx" data-testid="import-template">
                      {t('imp.template')}
                    </Button>
                    <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                      {t('imp.templateHint')}
                    </Typography.Text>
                  </div>
                </div>
                <div>
                  <Typography.Text strong>{t('imp.step2')}</Typography.Text>
                  <Upload.Dragger
                    accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    multiple={false}
                    showUploadList={false}
                    disabled={uploading}
                    beforeUpload={(file) => {
                      void upload(file);
                      return false;
                    }}
                    style={{ marginTop: 6 }}
                    data-testid="import-upload"
                  >
                    <p className="ant-upload-drag-icon">
                      <CloudUploadOutlined />
                    </p>
                    <p className="ant-upload-text">{uploading ? t('imp.uploading') : t('imp.drop')}</p>
                    <p className="ant-upload-hint">{t('imp.dropHint')}</p>
                  </Upload.Dragger>
                </div>
                {uploadError && (
                  <Alert
                    type="error"
                    showIcon
                    message={t('imp.uploadFailed')}
                    description={uploadError}
                    data-testid="import-upload-error"
                    closable
                    onClose={() => setUploadError(null)}
                  />
                )}
              </Space>
            </Card>
          </Col>
        )}
        {canUpload && (
          <Col xs={24} xl={15}>
            <Card size="small" title={t('imp.latestTitle')} style={{ marginBottom: 12 }} data-testid="import-latest">
              {current ? (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Progress
                    percent={Math.floor(current.progress * 100)}
                    status={current.status === 'failed' ? 'exception' : current.status === 'done' ? 'success' : 'active'}
                    format={() => `${current.rowsDone} / ${current.totalRows}`}
                  />
                  <Descriptions size="small" column={{ xs: 1, md: 4 }} bordered>
                    <Descriptions.Item label={t('imp.col.status')}>
                      <Tag color={STATUS_COLORS[current.status]}>{t(`imp.status.${current.status}`)}</Tag>
                    </Descriptions.Item>
                    <Descriptions.Item label={t('imp.total')}>{current.totalRows}</Descriptions.Item>
                    <Descriptions.Item label={t('imp.createdLabel')}>{current.createdCount}</Descriptions.Item>
                    <Descriptions.Item label={t('imp.rejectedLabel')}>{current.rejectedCount}</Descriptions.Item>
                  </Descriptions>
                  {current.error && <Alert type="error" showIcon message={current.error} />}
                  {current.status === 'done' && (
                    <Space>
                      {current.createdCount > 0 && (
                        <Button type="primary" icon={<UnorderedListOutlined />} onClick={() => navigate(current.casesLink)} data-testid="import-latest-cases">
                          {t('imp.viewCases')}
                        </Button>
                      )}
                      {current.rejectedCount > 0 && (
                        <Button icon={<DownloadOutlined />} href={`/api/imports/${current.id}/errors.xlsx`}>
                          {t('imp.downloadErrors')}
                        </Button>
                      )}
                    </Space>
                  )}
                </Space>
              ) : (
                <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                  {t('imp.rules')}
                </Typography.Paragraph>
              )}
            </Card>
          </Col>
        )}
      </Row>
      <Card
        size="small"
        title={t('imp.listTitle')}
        extra={<Button size="small" type="text" icon={<ReloadOutlined />} onClick={() => setReload((x) => x + 1)} aria-label={t('app.retry')} />}
      >
        <Table<CaseImport>
          size="small"
          rowKey="id"
          loading={!items}
          dataSource={items ?? []}
          columns={columns}
          pagination={false}
          scroll={{ x: 1350 }}
          data-testid="import-table"
          expandable={{ rowExpandable: (r) => r.rejectedCount > 0, expandedRowRender: (r) => <ImportErrors id={r.id} /> }}
          locale={{ emptyText: t('imp.empty') }}
        />
      </Card>
    </div>
  );
}
