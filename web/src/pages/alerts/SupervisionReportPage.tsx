import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, DatePicker, Select, Skeleton, Space, Spin, Table, Typography, type TableColumnsType } from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import i18next, { type TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api, buildQuery, isAbort } from '../../api/client';
import type { ApiBody } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { useDivisions } from '../../lib/useDivisions';
import { useSearchState } from '../../lib/useSearchState';
import { ruleLabel } from './parts';

const TrendChart = lazy(() => import('../ReportCharts'));

type Report = ApiBody<'/api/alerts/monthly'>;
type Counts = Report['totals'];
type RuleRow = Report['byRule'][number];
type TownRow = Report['byTown'][number];

const diff = (t: TFunction, now: number, before: number | undefined) =>
  before === undefined ? '' : now > before ? t('alerts.report.more', { n: now - before }) : now < before ? t('alerts.report.less', { n: before - now }) : t('alerts.report.same');
/** The test ids keep the zh-CN words whatever the language. */
const zh = i18next.getFixedT('zh-CN');

/**
 * 公权力监督月报 (/alerts/report, supervisor): a month's alerts raised, confirmed, referred and dismissed, and those still
 * waiting at its end, by rule and by town, with twelve months of trend; the same report as a PDF for the commission.
 * Beside the city's monthly report (月度报告).
 */
export default function SupervisionReportPage() {
  const { t, i18n } = useTranslation();
  const s = useSearchState();
  const monthName = new Intl.DateTimeFormat(i18n.language, { month: 'short', timeZone: 'UTC' });
  const { items: divisions } = useDivisions();
  const month = s.get('month');
  const division = s.get('division');
  const [r, setR] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const ac = new AbortController();
    setError(null);
    setLoading(true);
    api<Report>(`/api/alerts/monthly${buildQuery({ month, division })}`, { signal: ac.signal }).then(
      (x) => (setR(x), setLoading(false)),
      (e) => !isAbort(e) && (setError(errorMessage(e, t)), setLoading(false)),
    );
    return () => ac.abort();
  }, [month, division, t]);

  const options = useMemo(
    () =>
      (divisions ?? [])
        .filter((d) => d.inJurisdiction && (d.level === 'city' || d.level === 'town'))
        .map((d) => ({ value: d.code, label: d.level === 'city' ? d.name : d.shortName || d.name })),
    [divisions],
  );
  const cols = <T extends Counts>(first: TableColumnsType<T>[number]): TableColumnsType<T> => [
    first,
    { title: t('alerts.report.raised'), dataIndex: 'raised', align: 'right', width: 80 },
    { title: t('alerts.report.confirmed'), dataIndex: 'confirmed', align: 'right', width: 90 },
    { title: t('alerts.report.referred'), dataIndex: 'referred', align: 'right', width: 110 },
    { title: t('alerts.report.dismissed'), dataIndex: 'dismissed', align: 'right', width: 80 },
    { title: t('alerts.report.waiting'), dataIndex: 'waiting', align: 'right', width: 120 },
  ];
  const pdfHref = `/api/alerts/monthly.pdf${buildQuery({ month: r?.month ?? month, division: r?.division.code ?? division })}`;

  return (
    <div className="page" data-testid="supervision-report">
      <div className="page-head report-toolbar">
        <h1 className="page-title">{t('alerts.report.title')}</h1>
        <Space wrap>
          <Select
            style={{ width: 160 }}
            value={r?.division.code ?? division ?? undefined}
            options={options}
            onChange={(v) => s.update({ division: v })}
            aria-label={t('alerts.report.division')}
          />
          <DatePicker
            picker="month"
            allowClear={false}
            value={r ? dayjs(`${r.month}-01`) : month ? dayjs(`${month}-01`) : undefined}
            disabledDate={(d) => d.isAfter(dayjs(), 'month')}
            onChange={(d) => d && s.update({ month: d.format('YYYY-MM') })}
            aria-label={t('alerts.report.month')}
          />
          <Button icon={<FilePdfOutlined />} href={pdfHref} target="_blank" disabled={!r} data-testid="supervision-pdf">
            {t('alerts.report.pdf')}
          </Button>
          <Link to={`/reports${buildQuery({ month: r?.month ?? month })}`}>{t('alerts.report.cityReport')}</Link>
        </Space>
      </div>
      {error && <Alert type="error" showIcon title={error} />}
      {!r && !error && <Skeleton active />}
      {r && (
        <Spin spinning={loading}>
          <Typography.Title level={4} style={{ textAlign: 'center', color: '#c0262d', marginBottom: 0 }}>
            {t('alerts.report.heading', { division: r.division.name })}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
            {t('alerts.report.sub', { month: i18n.language === 'zh-CN' ? r.monthLabel : r.month, at: fmtDateTime(String(r.generatedAt)) })}
          </Typography.Paragraph>
          <Space wrap size={12} style={{ marginBottom: 16 }}>
            {(
              [
                ['raisedNew', r.totals.raised, diff(t, r.totals.raised, r.previous?.raised)],
                ['confirmed', r.totals.confirmed, diff(t, r.totals.confirmed, r.previous?.confirmed)],
                ['referred', r.totals.referred, diff(t, r.totals.referred, r.previous?.referred)],
                ['dismissed', r.totals.dismissed, diff(t, r.totals.dismissed, r.previous?.dismissed)],
                ['waiting', r.totals.waiting, t('alerts.report.waitingSub')],
              ] as const
            ).map(([key, value, sub]) => (
              <Card key={key} size="small" style={{ width: 170 }} data-testid={`supervision-figure-${zh(`alerts.report.${key}`)}`}>
                <Typography.Text type="secondary">{t(`alerts.report.${key}`)}</Typography.Text>
                <div style={{ fontSize: 24, fontWeight: 600, color: key === 'referred' && value > 0 ? '#c0262d' : undefined }}>{value}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {sub}
                </Typography.Text>
              </Card>
            ))}
          </Space>
          <Card size="small" title={t('alerts.report.trend')} style={{ marginBottom: 16 }}>
            <Suspense fallback={<Skeleton active />}>
              <TrendChart
                kind="bar"
                months={r.trend.months.map((m) => monthName.format(new Date(`${m}-01T00:00:00Z`)))}
                series={[
                  { name: t('alerts.report.trendRaised'), color: '#1456c8', values: r.trend.raised },
                  { name: t('alerts.report.trendConfirmed'), color: '#f76707', values: r.trend.confirmed },
                  { name: t('alerts.report.trendReferred'), color: '#c0262d', values: r.trend.referred },
                  { name: t('alerts.report.trendDismissed'), color: '#9ca3af', values: r.trend.dismissed },
                ]}
                height={220}
                testId="supervision-trend"
              />
            </Suspense>
          </Card>
          <Card size="small" title={t('alerts.report.byRule')} style={{ marginBottom: 16 }}>
            <Table<RuleRow>
              rowKey="rule"
              size="small"
              pagination={false}
              dataSource={r.byRule}
              columns={cols<RuleRow>({
                title: t('alerts.rule'),
                key: 'rule',
                render: (_, x) => <Link to={`/alerts${buildQuery({ rule: x.rule })}`}>{ruleLabel(x.rule)}</Link>,
              })}
              data-testid="supervision-by-rule"
            />
          </Card>
          <Card size="small" title={r.division.level === 'city' ? t('alerts.report.byTown') : t('alerts.report.ownTown')}>
            <Table<TownRow>
              rowKey="code"
              size="small"
              pagination={false}
              dataSource={r.byTown}
              columns={cols<TownRow>({ title: t('alerts.report.town'), key: 'name', render: (_, x) => <Link to={`/alerts${buildQuery({ division: x.code })}`}>{x.name}</Link> })}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <b>{t('alerts.report.total')}</b>
                  </Table.Summary.Cell>
                  {(['raised', 'confirmed', 'referred', 'dismissed', 'waiting'] as const).map((k, i) => (
                    <Table.Summary.Cell key={k} index={i + 1} align="right">
                      <b>{r.totals[k]}</b>
                    </Table.Summary.Cell>
                  ))}
                </Table.Summary.Row>
              )}
              data-testid="supervision-by-town"
            />
          </Card>
        </Spin>
      )}
    </div>
  );
}
