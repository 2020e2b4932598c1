import { useCallback, useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, DatePicker, Empty, Input, Segmented, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined, FileZipOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, isAbort } from '../../api/client';
import type { ApiBody } from '../../api/types';
import { useUser } from '../../auth/AuthContext';
import { ErrorResult } from '../../components/ErrorResult';
import { errorMessage } from '../../lib/errors';
import { DecideDrawer } from './DecideDrawer';
import { ImportPanel } from './ImportPanel';
import { SourceForm } from './SourceForm';

export type Source = ApiBody<'/api/external/sources'>['items'][number];
export type ExtPoint = ApiBody<'/api/external/points'>['items'][number];
export type MatchStatus = ExtPoint['status'];

export const STATUS_COLORS: Record<MatchStatus, string> = { matched: 'green', conflict: 'red', unmatched: 'orange', new_case: 'blue' };
const STATUSES: MatchStatus[] = ['conflict', 'unmatched', 'matched', 'new_case'];
const EDITORS = new Set(['city_office', 'admin']);
const IMPORTERS = new Set(['city_office']);
const DECIDERS = new Set(['city_office', 'town_officer']);

/** 上级下发点位: the sources, their imports, the points with their match, conflicts to decide, closings to send back. */
export default function ExternalPointsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const [sources, setSources] = useState<Source[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  const sourceId = params.get('source') ?? sources?.[0]?.id ?? null;
  const tab = params.get('tab') ?? 'points';
  const source = sources?.find((s) => s.id === sourceId) ?? null;
  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) v === null ? next.delete(k) : next.set(k, v);
    setParams(next, { replace: true });
  };

  useEffect(() => {
    const ac = new AbortController();
    api<ApiBody<'/api/external/sources'>>('/api/external/sources', { signal: ac.signal }).then(
      (r) => setSources(r.items),
      (e) => !isAbort(e) && setError(e),
    );
    return () => ac.abort();
  }, [reload]);

  if (error) return <ErrorResult error={error} />;
  const creating = tab === 'new';
  return (
    <div className="page external-page" data-testid="external-page">
      <Space style={{ justifyContent: 'space-between', width: '100%', marginBottom: 8 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('ext.title')}
        </Typography.Title>
        <Space wrap>
          <span>{t('ext.source')}</span>
          <Select
            style={{ minWidth: 220 }}
            value={creating ? undefined : (sourceId ?? undefined)}
            loading={!sources}
            data-testid="ext-source"
            options={(sources ?? []).map((s) => ({ value: s.id, label: `${s.name}${s.counts.conflict ? `(冲突 ${s.counts.conflict})` : ''}` }))}
            onChange={(v) => set({ source: v, tab: tab === 'new' ? 'points' : tab })}
          />
          {EDITORS.has(user.role) ? (
            <Button icon={<PlusOutlined />} onClick={() => set({ tab: 'new' })} data-testid="ext-add-source">
              {t('ext.addSource')}
            </Button>
          ) : null}
        </Space>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('ext.intro')}
      </Typography.Paragraph>
      {creating ? (
        <Card size="small" title={t('ext.addSource')}>
          <SourceForm
            source={null}
            onSaved={(s) => {
              setReload((x) => x + 1);
              set({ source: s.id, tab: 'import' });
            }}
          />
        </Card>
      ) : sources && !source ? (
        <Empty description={t('ext.noSource')} />
      ) : source ? (
        <Tabs
          activeKey={tab}
          onChange={(k) => set({ tab: k })}
          items={[
            { key: 'points', label: t('ext.tabs.points'), children: <PointsTab key={source.id} source={source} onChanged={() => setReload((x) => x + 1)} /> },
            ...(IMPORTERS.has(user.role) || user.role === 'admin' || user.role === 'supervisor'
              ? [
                  {
                    key: 'import',
                    label: t('ext.tabs.import'),
                    children: <ImportPanel key={source.id} source={source} canImport={IMPORTERS.has(user.role)} onImported={() => setReload((x) => x + 1)} />,
                  },
                ]
              : []),
            ...(EDITORS.has(user.role)
              ? [
                  {
                    key: 'settings',
                    label: t('ext.tabs.settings'),
                    children: <SourceForm key={`${source.id}-${source.version}`} source={source} onSaved={() => setReload((x) => x + 1)} />,
                  },
                ]
              : []),
          ]}
        />
      ) : null}
    </div>
  );
}

function PointsTab({ source, onChanged }: { source: Source; onChanged: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = AntApp.useApp();
  const [status, setStatus] = useState<MatchStatus | 'all'>(source.counts.conflict ? 'conflict' : 'all');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<ApiBody<'/api/external/points'> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [since, setSince] = useState<Dayjs>(dayjs().startOf('month'));
  const [n, setN] = useState(0);
  const PAGE = 20;

  const load = useCallback(
    (signal?: AbortSignal) => {
      const qs = new URLSearchParams({ sourceId: source.id, limit: String(PAGE), offset: String((page - 1) * PAGE) });
      if (status !== 'all') qs.set('status', status);
      if (q.trim()) qs.set('q', q.trim());
      return api<ApiBody<'/api/external/points'>>(`/api/external/points?${qs}`, { signal }).then(setData, (e) => !isAbort(e) && setError(e));
    },
    [source.id, status, q, page],
  );
  useEffect(() => {
    const ac = new AbortController();
    load(ac.signal);
    return () => ac.abort();
  }, [load, n]);

  const counts = source.counts;
  const columns: TableColumnsType<ExtPoint> = [
    { title: t('ext.col.externalId'), dataIndex: 'externalId', width: 150, render: (v: string) => <span className="mono">{v}</span> },
    { title: t('ext.col.place'), dataIndex: 'divisionName', width: 150 },
    { title: t('ext.col.address'), dataIndex: 'address', ellipsis: true },
    { title: t('ext.col.category'), dataIndex: 'category', width: 80 },
    {
      title: t('ext.col.status'),
      dataIndex: 'status',
      width: 110,
      render: (s: MatchStatus) => (
        <Tag color={STATUS_COLORS[s]} data-testid={`ext-status-${s}`}>
          {t(`ext.status.${s}`)}
        </Tag>
      ),
    },
    { title: t('ext.col.case'), dataIndex: 'caseNo', width: 150, render: (v: string | null, p) => (v && p.caseId ? <Link to={`/cases/${p.caseId}`}>{v}</Link> : '—') },
    {
      title: t('ext.col.note'),
      dataIndex: 'note',
      ellipsis: true,
      width: 220,
      render: (v: string | null, p) => v ?? (p.decidedBy ? t('ext.decidedShort', { name: p.decidedBy.name }) : ''),
    },
    {
      title: t('ext.col.actions'),
      key: 'a',
      width: 90,
      render: (_: unknown, p) => (
        <Button size="small" type={p.status === 'conflict' ? 'primary' : 'default'} onClick={() => setOpen(p.id)} data-testid={`ext-decide-${p.externalId}`}>
          {DECIDERS.has(user.role) && p.status !== 'matched' && p.status !== 'new_case' ? t('ext.decide') : t('ext.view')}
        </Button>
      ),
    },
  ];
  const exportUrl = (fmt: 'xlsx' | 'zip') => `/api/external/sources/${source.id}/closings.${fmt}?since=${since.format('YYYY-MM-DD')}`;

  return (
    <div>
      <Space style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }} wrap>
        <Space wrap>
          <Segmented
            value={status}
            onChange={(v) => (setStatus(v as MatchStatus | 'all'), setPage(1))}
            data-testid="ext-status-filter"
            options={[
              { value: 'all', label: `${t('ext.status.all')} ${counts.total}` },
              ...STATUSES.map((s) => ({ value: s, label: `${t(`ext.status.${s}`)} ${s === 'new_case' ? counts.newCase : counts[s]}` })),
            ]}
          />
          <Input.Search allowClear placeholder={t('ext.search')} style={{ width: 240 }} onSearch={(v) => (setQ(v), setPage(1))} />
        </Space>
      </Space>
      {error ? <Alert type="error" showIcon message={errorMessage(error, t)} /> : null}
      <Table
        size="small"
        rowKey="id"
        loading={!data}
        dataSource={data?.items ?? []}
        columns={columns}
        data-testid="ext-points"
        pagination={{ current: page, pageSize: PAGE, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
      />
      {IMPORTERS.has(user.role) ? (
        <Card size="small" title={t('ext.exportTitle')} style={{ marginTop: 12 }} data-testid="ext-export">
          <Space wrap>
            <span>{t('ext.exportSince')}</span>
            <DatePicker value={since} onChange={(d) => d && setSince(d)} allowClear={false} data-testid="ext-export-since" />
            <Button icon={<DownloadOutlined />} href={exportUrl('xlsx')} data-testid="ext-export-xlsx">
              {t('ext.exportXlsx')}
            </Button>
            <Button icon={<FileZipOutlined />} type="primary" href={exportUrl('zip')} data-testid="ext-export-zip">
              {t('ext.exportZip')}
            </Button>
          </Space>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('ext.exportHelp')}
          </Typography.Paragraph>
        </Card>
      ) : null}
      <DecideDrawer
        id={open}
        source={source}
        onClose={() => setOpen(null)}
        onDecided={() => {
          message.success(t('ext.saved'));
          setN((x) => x + 1);
          onChanged();
        }}
      />
    </div>
  );
}
