import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Card, Empty, Skeleton, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { api, isAbort } from '../../api/client';
import type { ApiBody } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { AlertStatusTag, SeverityTag, ageDays, ruleLabel } from './parts';

type Profile = ApiBody<'/api/officials/{id}/profile'>;
type ActionRow = Profile['actions'][number];
type AlertItem = Profile['alerts']['items'][number];
type Decision = Profile['recent'][number];

/** A month stands out when the official did at least this many and at least twice his peers' mean. */
const STANDS_OUT = { min: 3, factor: 2 };
const zh = i18next.getFixedT('zh-CN');
const standsOut = (mine: number, peers: number) => mine >= STANDS_OUT.min && mine >= STANDS_OUT.factor * Math.max(peers, 0.5);

/**
 * 履职画像 (/officials/:id, supervisor): one official's actions per month over a year against the mean of his
 * peers in the same role (a month far above them is marked), his share of rejections, the alerts about him and
 * his latest decisions, each linked to its case or alert.
 */
export default function OfficialPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const [p, setP] = useState<Profile | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const ac = new AbortController();
    setError(null);
    api<Profile>(`/api/officials/${id}/profile`, { signal: ac.signal }).then(setP, (e) => !isAbort(e) && setError(errorMessage(e, t)));
    return () => ac.abort();
  }, [id, t]);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!p) return <Skeleton active />;
  const o = p.official;
  const open = p.alerts.items.filter((a) => a.status === 'open' || a.status === 'under_review').length;
  const monthName = new Intl.DateTimeFormat(i18n.language, { month: 'short', timeZone: 'UTC' });
  const action = (kind: string) => t(`alerts.officialActions.${kind}`, { defaultValue: kind });
  const monthCols: TableColumnsType<ActionRow> = p.months.map((m, i) => ({
    title: monthName.format(new Date(`${m}-01T00:00:00Z`)),
    key: m,
    align: 'right',
    width: 58,
    render: (_, r) => (
      <span className={standsOut(r.mine[i], r.peers[i]) ? 'official-outlier' : undefined} title={t('alerts.official.peersMean', { n: r.peers[i] })}>
        <span style={{ fontWeight: r.mine[i] ? 600 : 400, color: standsOut(r.mine[i], r.peers[i]) ? '#c0262d' : undefined }}>{r.mine[i]}</span>
        <br />
        <Typography.Text type="secondary" style={{ fontSize: 11 }}>
          {r.peers[i]}
        </Typography.Text>
      </span>
    ),
  }));
  const columns: TableColumnsType<ActionRow> = [
    { title: t('alerts.official.action'), key: 'kind', fixed: 'left', width: 120, render: (_, r) => action(r.kind) },
    ...monthCols,
    {
      title: t('alerts.official.totalPeers'),
      key: 'total',
      align: 'right',
      width: 110,
      render: (_, r) => (
        <span>
          <b>{r.total}</b> <Typography.Text type="secondary">({r.peersTotal})</Typography.Text>
        </span>
      ),
    },
  ];
  const alertCols: TableColumnsType<AlertItem> = [
    { title: t('alerts.severity'), key: 'severity', width: 80, render: (_, a) => <SeverityTag value={a.severity} /> },
    { title: t('alerts.rule'), key: 'rule', width: 150, render: (_, a) => ruleLabel(a.rule) },
    { title: t('alerts.official.found'), key: 'summary', render: (_, a) => <Link to={`/alerts/${a.id}`}>{a.summary}</Link> },
    { title: t('alerts.status'), key: 'status', width: 90, render: (_, a) => <AlertStatusTag value={a.status} /> },
    { title: t('alerts.age'), key: 'age', width: 80, render: (_, a) => t('alerts.days', { n: ageDays(String(a.createdAt)) }) },
  ];
  const decisionCols: TableColumnsType<Decision> = [
    { title: t('alerts.official.time'), key: 'at', width: 150, render: (_, d) => fmtDateTime(String(d.at)) },
    { title: t('alerts.official.case'), key: 'case', width: 170, render: (_, d) => <Link to={`/cases/${d.caseId}`}>{d.caseNo}</Link> },
    {
      title: t('alerts.official.action'),
      key: 'kind',
      render: (_, d) => `${action(d.kind)}${d.disposalClass ? `:${t(`disposalClass.${d.disposalClass}`, { defaultValue: d.disposalClass })}` : ''}${d.note ? `(${d.note})` : ''}`,
    },
  ];

  return (
    <div className="page" data-testid="official-page">
      <div className="page-head">
        <h1 className="page-title">
          {t('alerts.official.title', { name: o.displayName })}
          <Tag style={{ marginInlineStart: 12 }}>{t(`role.${o.role}`, { defaultValue: o.role })}</Tag>
          {!o.active && <Tag color="default">{t('alerts.official.inactive')}</Tag>}
        </h1>
        <Typography.Text type="secondary">
          {o.divisionName}
          {o.department ? ` · ${o.department}` : ''} · {t('alerts.official.intro', { n: p.peerCount })}
        </Typography.Text>
      </div>
      <Space wrap size={12} style={{ marginBottom: 16 }}>
        {[
          [
            'verify',
            String(p.actions.find((a) => a.kind === 'verify')?.total ?? 0),
            t('alerts.official.peersMeanShort', { n: p.actions.find((a) => a.kind === 'verify')?.peersTotal ?? 0 }),
          ],
          [
            'reject',
            String(p.actions.find((a) => a.kind === 'reject')?.total ?? 0),
            t('alerts.official.peersMeanShort', { n: p.actions.find((a) => a.kind === 'reject')?.peersTotal ?? 0 }),
          ],
          [
            'rejectShare',
            p.rejectionSharePct === null ? '—' : `${p.rejectionSharePct}%`,
            t('alerts.official.peersShare', { v: p.peersRejectionSharePct === null ? '—' : `${p.peersRejectionSharePct}%` }),
          ],
          ['alertsAbout', String(p.alerts.total), t('alerts.official.openOrReview', { n: open })],
        ].map(([key, value, sub]) => (
          // the test id keeps the zh-CN words whatever the language
          <Card key={key} size="small" style={{ width: 190 }} data-testid={`official-figure-${zh(`alerts.official.${key}`)}`}>
            <Typography.Text type="secondary">{t(`alerts.official.${key}`)}</Typography.Text>
            <div style={{ fontSize: 24, fontWeight: 600 }}>{value}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {sub}
            </Typography.Text>
          </Card>
        ))}
      </Space>
      <Card size="small" title={t('alerts.official.monthly', { min: STANDS_OUT.min, factor: STANDS_OUT.factor })} style={{ marginBottom: 16 }}>
        <Table rowKey="kind" size="small" pagination={false} columns={columns} dataSource={p.actions} scroll={{ x: 'max-content' }} data-testid="official-actions" />
      </Card>
      <Card size="small" title={t('alerts.official.alertsAboutN', { n: p.alerts.total })} style={{ marginBottom: 16 }}>
        {p.alerts.items.length ? (
          <Table rowKey="id" size="small" pagination={false} columns={alertCols} dataSource={p.alerts.items} data-testid="official-alerts" />
        ) : (
          <Empty description={t('alerts.official.noAlerts')} />
        )}
      </Card>
      <Card size="small" title={t('alerts.official.recent')}>
        <Table rowKey="eventId" size="small" pagination={{ pageSize: 10, hideOnSinglePage: true }} columns={decisionCols} dataSource={p.recent} data-testid="official-decisions" />
      </Card>
    </div>
  );
}
