import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { DownloadOutlined, FileProtectOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, buildQuery, isAbort } from '../api/client';
import { useSearchState } from '../lib/useSearchState';
import { errorMessage } from '../lib/errors';
import type { ApiBody } from '../api/types';
import { AuditChanges, type AuditRecord } from './audit/AuditChanges';
import { AuditFilters, FILTER_KEYS, type AuditFilter } from './audit/AuditFilters';
import { verifyAuditExport, type AuditExportVerdict } from '../../../shared/audit-export';

type Verdict = ApiBody<'/api/audit/verify'>;

/**
 * 纪检监察: every recorded change, newest first, each as a sentence (who, what, which case, field by field
 * before → after), filtered by person, role, action, object, town, case and days, exported to Excel; and a
 * check that nobody rewrote the chain. `?caseNo=` opens a case's complete record (its photos, tasks, papers).
 */
export default function AuditPage() {
  const { t } = useTranslation();
  const s = useSearchState();
  const filter: AuditFilter = Object.fromEntries(FILTER_KEYS.map((k) => [k, s.get(k)]));
  const page = Math.max(1, Number(s.get('page') ?? 1) || 1);
  const [data, setData] = useState<{ items: AuditRecord[]; total: number; query: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [checking, setChecking] = useState(false);
  /** The verdict on an exported file, checked here in the browser (nothing uploaded): its name and what failed. */
  const [fileVerdict, setFileVerdict] = useState<(AuditExportVerdict & { file: string }) | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  // the export with its chain proof is of one case or one person: the filter names which
  const proofHref = filter.caseNo ? `/api/audit/export${buildQuery({ case: filter.caseNo })}` : filter.actor ? `/api/audit/export${buildQuery({ user: filter.actor })}` : null;

  /**
   * A filter change on top of the filters in the address bar now: two quick changes (a person, then the days)
   * must not lose the first while the router is still rendering it.
   */
  const setFilter = (patch: AuditFilter) => {
    const now = new URLSearchParams(window.location.search);
    s.update({ ...Object.fromEntries(FILTER_KEYS.map((k) => [k, now.get(k)])), ...patch, page: null });
  };
  const query = buildQuery({ ...filter, limit: 50, offset: (page - 1) * 50 });
  useEffect(() => {
    const ac = new AbortController();
    setError(null);
    // the last page stays on screen (dimmed) until the new one is here
    api<ApiBody<'/api/audit'>>(`/api/audit${query}`, { signal: ac.signal }).then(
      (d) => setData({ ...d, query }),
      (e) => !isAbort(e) && setError(errorMessage(e, t)),
    );
    return () => ac.abort();
  }, [query, t]);

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
    { title: t('audit.at'), dataIndex: 'at', key: 'at', width: 150, render: (v: string) => when(v) },
    {
      title: t('audit.actor'),
      dataIndex: 'actorLabel',
      key: 'actor',
      width: 170,
      render: (v: string, r) => (r.actor_id ? v : <Tag>{v}</Tag>),
    },
    {
      title: t('audit.action'),
      dataIndex: 'actionLabel',
      key: 'action',
      width: 140,
      render: (v: string, r) => (
        <Tooltip title={<span className="mono">{r.action}</span>}>
          <span>{v}</span>
        </Tooltip>
      ),
    },
    {
      title: t('audit.entity'),
      key: 'object',
      width: 220,
      render: (_: unknown, r) => (
        <span>
          <Tag>{r.entityLabel}</Tag>
          {r.caseId && r.caseNo ? (
            <Link className="mono" to={`/cases/${r.caseId}`}>
              {r.caseNo}
            </Link>
          ) : (
            <span>{r.objectLabel}</span>
          )}
        </span>
      ),
    },
    {
      title: t('audit.sentence'),
      dataIndex: 'sentence',
      key: 'sentence',
      render: (v: string, r) => <span data-testid={`audit-sentence-${r.id}`}>{v}</span>,
    },
  ];

  return (
    <div className="page" data-testid="audit-page">
      <div className="page-head">
        <h1 className="page-title">{t('audit.title')}</h1>
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
        <Tooltip title={proofHref ? null : t('audit.exportProofHint')}>
          <Button icon={<DownloadOutlined />} href={proofHref ?? undefined} disabled={!proofHref} data-testid="audit-export-proof">
            {t('audit.exportProof')}
          </Button>
        </Tooltip>
        <Button icon={<FileProtectOutlined />} data-testid="audit-verify-export" onClick={() => picker.current?.click()}>
          {t('audit.verifyExport')}
        </Button>
        <input
          ref={picker}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="audit-verify-export-file"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) setFileVerdict({ ...verifyAuditExport(await file.text()), file: file.name });
          }}
        />
      </div>
      {fileVerdict && (
        <Alert
          style={{ marginBottom: 10 }}
          type={fileVerdict.ok ? 'success' : 'error'}
          showIcon
          closable
          onClose={() => setFileVerdict(null)}
          data-testid="audit-export-verdict"
          title={
            <span>
              <span className="mono">{fileVerdict.file}</span>:{fileVerdict.summary}
            </span>
          }
          description={
            <div>
              {fileVerdict.problems.slice(0, 10).map((p) => (
                <div key={p.message}>
                  <Tag color="red">{t(`audit.exportProblems.${p.kind}`)}</Tag>
                  {p.message}
                </div>
              ))}
              {fileVerdict.problems.length > 10 && <div>{t('audit.moreProblems', { n: fileVerdict.problems.length - 10 })}</div>}
              {fileVerdict.anchors.map((a) => (
                <div key={`${a.key}-${a.lastId}`} className="mono" style={{ fontSize: 12 }}>
                  {t('audit.exportAnchor', { at: when(a.at), id: a.lastId, hash: `${a.hash.slice(0, 16)}…`, where: `${a.store}:${a.key}` })}
                </div>
              ))}
            </div>
          }
        />
      )}
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
      <AuditFilters f={filter} onChange={setFilter} />
      {filter.caseNo && <Alert type="info" showIcon style={{ marginBottom: 10 }} title={t('audit.caseRecord', { caseNo: filter.caseNo })} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 10 }} />}
      <Table<AuditRecord>
        size="small"
        rowKey="id"
        tableLayout="fixed"
        columns={columns}
        dataSource={data?.items}
        expandable={{ expandedRowRender: (r) => <AuditChanges r={r} />, rowExpandable: () => true }}
        loading={data?.query !== query && !error}
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
