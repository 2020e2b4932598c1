import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, buildQuery, isAbort } from '../../api/client';
import type { ApiBody } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { useDivisions } from '../../lib/useDivisions';
import { useSearchState } from '../../lib/useSearchState';
import { ALERT_RULE_LABELS, ALERT_RULES, ALERT_SEVERITIES, ALERT_SEVERITY_LABELS, ALERT_STATUS_LABELS, ALERT_STATUSES } from '../../../../shared/alerts';
import { ROLE_LABELS } from '../../../../shared/enums';
import { AlertStatusTag, SeverityTag, ageDays, ruleLabel } from './parts';

type AlertList = ApiBody<'/api/alerts'>;
type AlertItem = AlertList['items'][number];
type People = ApiBody<'/api/audit/people'>['items'];

const PAGE = 50;
const KEYS = ['division', 'user', 'rule', 'status', 'severity'] as const;

/**
 * 纪检监察's inbox (/alerts): the alerts in the jurisdiction, the most severe and the oldest first, filtered by
 * town, person, rule, status and severity (kept in the address); a row opens the alert's evidence. An import
 * group (the findings on an imported ledger's untouched cases, one row per rule, import, town and day) shows its
 * count of cases instead of their numbers.
 */
export default function AlertsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const s = useSearchState();
  const { towns } = useDivisions();
  const [people, setPeople] = useState<People>([]);
  const [data, setData] = useState<AlertList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const page = Math.max(1, Number(s.get('page') ?? 1) || 1);
  const filter = Object.fromEntries(KEYS.map((k) => [k, s.get(k)]));
  const query = buildQuery({ ...filter, limit: PAGE, offset: (page - 1) * PAGE });

  useEffect(() => {
    const ac = new AbortController();
    api<ApiBody<'/api/audit/people'>>('/api/audit/people', { signal: ac.signal }).then(
      (p) => setPeople(p.items),
      () => undefined,
    );
    return () => ac.abort();
  }, []);
  useEffect(() => {
    const ac = new AbortController();
    setError(null);
    api<AlertList>(`/api/alerts${query}`, { signal: ac.signal }).then(setData, (e) => !isAbort(e) && setError(errorMessage(e, t)));
    return () => ac.abort();
  }, [query, t]);

  const set = (k: (typeof KEYS)[number], v: string | string[] | undefined) => s.update({ [k]: Array.isArray(v) ? v.join(',') : (v ?? null), page: null });
  const list = (k: (typeof KEYS)[number]) => s.getList(k);
  const peopleOptions = useMemo(
    () =>
      people
        .filter((p) => p.role !== 'supervisor' && p.role !== 'admin')
        .map((p) => ({ value: p.id, label: `${p.displayName}(${(ROLE_LABELS as Record<string, string>)[p.role] ?? ''})` })),
    [people],
  );

  const columns: TableColumnsType<AlertItem> = [
    { title: t('alerts.severity'), dataIndex: 'severity', key: 'severity', width: 84, render: (v) => <SeverityTag value={v} /> },
    { title: t('alerts.rule'), dataIndex: 'rule', key: 'rule', width: 150, render: (v: string) => ruleLabel(v) },
    {
      title: t('alerts.summary'),
      dataIndex: 'summary',
      key: 'summary',
      render: (v: string, r) => (
        <Link to={`/alerts/${r.id}`} className="alert-summary" onClick={(e) => e.stopPropagation()}>
          {v}
        </Link>
      ),
    },
    {
      title: t('alerts.cases'),
      key: 'cases',
      width: 150,
      render: (_, r) =>
        r.group ? (
          // an import group: its cases are listed on the alert's page
          <Link to={`/alerts/${r.id}#group-cases`} onClick={(e) => e.stopPropagation()} data-testid="alert-group-count">
            <Tag color="blue" style={{ marginInlineEnd: 4 }}>
              导入批次
            </Tag>
            {r.group.caseCount.toLocaleString('zh-CN')} 件
          </Link>
        ) : (
          <Space orientation="vertical" size={0}>
            {r.cases.map((c) => (
              <Link key={c.id} to={`/cases/${c.id}`} className="mono" onClick={(e) => e.stopPropagation()}>
                {c.caseNo}
              </Link>
            ))}
          </Space>
        ),
    },
    {
      title: t('alerts.people'),
      key: 'people',
      width: 150,
      render: (_, r) =>
        r.users.map((u, i) => (
          <span key={u.id}>
            {i > 0 && '、'}
            <Link to={`/officials/${u.id}`} onClick={(e) => e.stopPropagation()} title="履职画像">
              {u.displayName}
            </Link>
          </span>
        )),
    },
    { title: t('alerts.place'), dataIndex: 'placeName', key: 'place', width: 140 },
    {
      title: t('alerts.age'),
      dataIndex: 'createdAt',
      key: 'age',
      width: 90,
      render: (v: string) => {
        const n = ageDays(v);
        return <span title={fmtDateTime(v)}>{n === 0 ? t('alerts.today') : t('alerts.days', { n })}</span>;
      },
    },
    { title: t('alerts.status'), dataIndex: 'status', key: 'status', width: 90, render: (v) => <AlertStatusTag value={v} /> },
  ];

  return (
    <div className="page" data-testid="alerts-page">
      <Card
        title={t('alerts.title')}
        extra={
          data ? (
            <span className="muted" data-testid="alerts-total">
              {t('alerts.total', { n: data.total })}
            </span>
          ) : null
        }
      >
        <Typography.Paragraph type="secondary">{t('alerts.intro')}</Typography.Paragraph>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('alerts.town')}
            data-testid="alerts-filter-town"
            value={filter.division}
            onChange={(v) => set('division', v)}
            options={towns.map((d) => ({ value: d.code, label: d.name }))}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 220 }}
            placeholder={t('alerts.user')}
            value={filter.user}
            onChange={(v) => set('user', v)}
            options={peopleOptions}
          />
          <Select
            mode="multiple"
            allowClear
            style={{ minWidth: 220 }}
            placeholder={t('alerts.rule')}
            data-testid="alerts-filter-rule"
            value={list('rule')}
            onChange={(v) => set('rule', v)}
            options={ALERT_RULES.map((r) => ({ value: r, label: ALERT_RULE_LABELS[r] }))}
          />
          <Select
            mode="multiple"
            allowClear
            style={{ minWidth: 180 }}
            placeholder={t('alerts.status')}
            data-testid="alerts-filter-status"
            value={list('status')}
            onChange={(v) => set('status', v)}
            options={ALERT_STATUSES.map((r) => ({ value: r, label: ALERT_STATUS_LABELS[r] }))}
          />
          <Select
            mode="multiple"
            allowClear
            style={{ minWidth: 140 }}
            placeholder={t('alerts.severity')}
            value={list('severity')}
            onChange={(v) => set('severity', v)}
            options={ALERT_SEVERITIES.map((r) => ({ value: r, label: ALERT_SEVERITY_LABELS[r] }))}
          />
          {KEYS.some((k) => filter[k]) ? <Button onClick={() => s.update({ ...Object.fromEntries(KEYS.map((k) => [k, null])), page: null })}>{t('alerts.clear')}</Button> : null}
        </Space>
        {error ? <Alert type="error" title={error} style={{ marginBottom: 12 }} /> : null}
        <Table<AlertItem>
          rowKey="id"
          size="small"
          data-testid="alerts-table"
          loading={!data && !error}
          columns={columns}
          dataSource={data?.items ?? []}
          onRow={(r) => ({ onClick: () => navigate(`/alerts/${r.id}`), style: { cursor: 'pointer' } })}
          pagination={{ current: page, pageSize: PAGE, total: data?.total ?? 0, showSizeChanger: false, onChange: (p) => s.update({ page: p > 1 ? p : null }) }}
        />
      </Card>
    </div>
  );
}
