import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Input, Select, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, buildQuery, isAbort } from '../api/client';
import { useSearchState } from '../lib/useSearchState';
import { errorMessage } from '../lib/errors';
import type { ApiBody } from '../api/types';

type AuditRecord = ApiBody<'/api/audit'>['items'][number];
type Verdict = ApiBody<'/api/audit/verify'>;

const ENTITIES = ['case', 'photo', 'user', 'division', 'case_document', 'index_run', 'index_definition', 'setting', 'supervision_notice', 'case_task'];

/** 纪检监察: every recorded change, newest first, and a check that nobody rewrote the chain. */
export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const s = useSearchState();
  const entity = s.get('entity');
  const entityId = s.get('entityId');
  const page = Math.max(1, Number(s.get('page') ?? 1) || 1);
  const [data, setData] = useState<{ items: AuditRecord[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [checking, setChecking] = useState(false);

  useEffect(() => {
    const ac = new AbortController();
    setError(null);
    api<ApiBody<'/api/audit'>>(`/api/audit${buildQuery({ entity, entityId, limit: 50, offset: (page - 1) * 50 })}`, { signal: ac.signal }).then(
      setData,
      (e) => !isAbort(e) && setError(errorMessage(e, t)),
    );
    return () => ac.abort();
  }, [entity, entityId, page, t]);

  const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });
  /** What the anchors outside the database say: all agree (and the newest), none yet, or the one that shows the problem. */
  const anchorLine = (v: Verdict) => {
    if (!v.ok) {
      const a = v.anchor;
      return a ? t('audit.anchorProof', { at: when(a.at), key: a.key, id: a.lastId, hash: `${a.hash.slice(0, 16)}…` }) : null;
    }
    const a = v.anchors.latest;
    return a ? t('audit.anchorsAgree', { count: v.anchors.count, at: when(a.at), id: a.lastId, hash: `${a.hash.slice(0, 16)}…` }) : t('audit.anchorsNone');
  };

  const columns: TableColumnsType<AuditRecord> = [
    { title: t('audit.at'), dataIndex: 'at', key: 'at', width: 160, render: (v: string) => new Date(v).toLocaleString('zh-CN', { hour12: false }) },
    { title: t('audit.actor'), dataIndex: 'actor_name', key: 'actor', width: 120, render: (v: string | null) => v ?? <Tag>{t('audit.system')}</Tag> },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      key: 'action',
      width: 170,
      render: (v: string) => {
        const k = `audit.actions.${v.replace(/\./g, '_')}`;
        return (
          <Tooltip title={<span className="mono">{v}</span>}>
            <span>{i18n.exists(k) ? t(k) : v}</span>
          </Tooltip>
        );
      },
    },
    {
      title: t('audit.entity'),
      key: 'entity',
      width: 230,
      render: (_: unknown, r) => (
        <span>
          <Tag>{r.entity}</Tag>
          {r.entity === 'case' && r.entity_id ? (
            <Link className="mono" to={`/cases/${r.entity_id}`}>
              {r.entity_id.slice(0, 8)}
            </Link>
          ) : (
            <span className="mono muted">{r.entity_id?.slice(0, 12)}</span>
          )}
        </span>
      ),
    },
    {
      title: t('audit.change'),
      key: 'change',
      render: (_: unknown, r) => (
        <Typography.Text className="mono" style={{ fontSize: 12 }} ellipsis={{ tooltip: JSON.stringify(r.after ?? r.before) }}>
          {JSON.stringify(r.after ?? r.before ?? null)}
        </Typography.Text>
      ),
    },
    { title: t('audit.hash'), dataIndex: 'hash', key: 'hash', width: 110, render: (v: string) => <span className="mono muted">{v.slice(0, 10)}</span> },
  ];

  return (
    <div className="page" data-testid="audit-page">
      <div className="page-head">
        <h1 className="page-title">{t('audit.title')}</h1>
        <Select
          allowClear
          placeholder={t('audit.entity')}
          aria-label={t('audit.entity')}
          style={{ width: 170 }}
          value={entity}
          onChange={(v) => s.update({ entity: v, page: null })}
          options={ENTITIES.map((e) => ({ value: e, label: e }))}
        />
        <Input.Search
          allowClear
          placeholder={t('audit.entityId')}
          aria-label={t('audit.entityId')}
          style={{ width: 300 }}
          defaultValue={entityId}
          onSearch={(v) => s.update({ entityId: v.trim() || null, page: null })}
        />
        <Button
          icon={<SafetyCertificateOutlined />}
          loading={checking}
          style={{ marginInlineStart: 'auto' }}
          onClick={async () => {
            setChecking(true);
            try {
              setVerdict(await api<Verdict>('/api/audit/verify'));
            } catch (e) {
              setError(errorMessage(e, t));
            } finally {
              setChecking(false);
            }
          }}
        >
          {t('audit.verify')}
        </Button>
      </div>
      {verdict && (
        <Alert
          style={{ marginBottom: 10 }}
          type={verdict.ok ? (verdict.anchors.latest ? 'success' : 'warning') : 'error'}
          showIcon
          data-testid="audit-verdict"
          title={
            verdict.ok ? (
              t('audit.chainOk', { n: verdict.checked })
            ) : (
              <span>
                <Tag color="red">{t(`audit.problems.${verdict.problem}`)}</Tag>
                {t('audit.chainBroken', { id: verdict.firstBrokenId, reason: verdict.message })}
              </span>
            )
          }
          description={<span data-testid="audit-anchor">{anchorLine(verdict)}</span>}
        />
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 10 }} />}
      <Table<AuditRecord>
        size="small"
        rowKey="id"
        tableLayout="fixed"
        columns={columns}
        dataSource={data?.items}
        loading={!data && !error}
        pagination={{
          current: page,
          pageSize: 50,
          total: data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => t('audit.total', { n }),
          onChange: (p) => s.update({ page: p }),
        }}
      />
    </div>
  );
}
