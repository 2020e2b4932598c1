// Over 400 lines: the monthly report page and its printable body mirror the PDF section by section, read top to bottom beside report.pdf.ts.
import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, Button, DatePicker, Select, Skeleton, Spin, Table, Tooltip } from 'antd';
import { FilePdfOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, buildQuery } from '../api/client';
import type { ApiBody } from '../api/types';
import { useUser } from '../auth/AuthContext';
import { ErrorResult } from '../components/ErrorResult';
import { fmtDate, fmtDateTime } from '../lib/format';
import { useDivisions } from '../lib/useDivisions';
import { useSearchState } from '../lib/useSearchState';
import './report.css';

// ECharts lives in its own lazily loaded chunk (echarts/core, piece by piece)
const TrendChart = lazy(() => import('./ReportCharts'));

/** GET /api/reports/monthly (generated from the server's schema). */
type MonthlyReport = ApiBody<'/api/reports/monthly'>;
type Figures = MonthlyReport['totals'];
type Color = 'green' | 'blue' | 'yellow' | 'orange' | 'red';
type ReportCase = MonthlyReport['top']['biggestOpen'][number];

const COLORS: Color[] = ['green', 'blue', 'yellow', 'orange', 'red'];
const COLOR_HEX: Record<Color, string> = { green: '#2f9e44', blue: '#1c7ed6', yellow: '#f2c500', orange: '#f76707', red: '#e03131' };
const TONE = { orange: '#f76707', green: '#2f9e44', red: '#c0262d', blue: '#1456c8' };

const int = (v: number) => Math.round(v).toLocaleString('en-US');
const m2 = (v: number) => (Math.round(v * 10) / 10).toLocaleString('en-US', { maximumFractionDigits: 1 });

/** The monthly report (月度报告) of a town or the city: a printable page that matches its PDF. */
export default function ReportPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const user = useUser();
  const s = useSearchState();
  const { items: divisions } = useDivisions();
  const division = s.get('division');
  const month = s.get('month');
  const [report, setReport] = useState<MonthlyReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let alive = true;
    setLoading(true);
    setError(null);
    api<MonthlyReport>(`/api/reports/monthly${buildQuery({ division, month })}`).then(
      (r) => alive && (setReport(r), setLoading(false)),
      (e) => alive && (setError(e), setReport(null), setLoading(false)),
    );
    return () => {
      alive = false;
    };
  }, [division, month, reload]);

  // the city (when in the jurisdiction) and the towns the user may see
  const options = useMemo(
    () =>
      (divisions ?? [])
        .filter((d) => d.inJurisdiction && (d.level === 'city' || d.level === 'town'))
        .map((d) => ({ value: d.code, label: d.level === 'city' ? d.name : d.shortName || d.name })),
    [divisions],
  );
  const pdfHref = `/api/reports/monthly.pdf${buildQuery({ division: report?.division.code ?? division, month: report?.month ?? month })}`;
  const monthLabel = (key: string) => t('report.monthLabel', { y: key.slice(0, 4), m: Number(key.slice(5)) });
  const title = report ? (en ? t('report.docTitle', { name: report.division.name }) : `${report.division.name}无违建工作月度报告`) : t('report.title');

  useEffect(() => {
    if (report) document.title = `${title} · ${monthLabel(report.month)}`;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [report, title]);

  return (
    <div className="page report-page" data-testid="report-page">
      <div className="page-head report-toolbar">
        <h1 className="page-title">{t('report.title')}</h1>
        <label className="report-field" htmlFor="report-division-input">
          <span className="muted">{t('report.division')}</span>
          <Select
            id="report-division-input"
            aria-label={t('report.division')}
            data-testid="report-division"
            style={{ width: 180 }}
            value={report?.division.code ?? division ?? user.divisionCode}
            options={options}
            onChange={(v) => s.update({ division: v })}
            disabled={options.length <= 1}
            loading={!divisions}
          />
        </label>
        <label className="report-field" htmlFor="report-month-input">
          <span className="muted">{t('report.month')}</span>
          <DatePicker
            id="report-month-input"
            aria-label={t('report.month')}
            data-testid="report-month"
            picker="month"
            allowClear={false}
            value={report ? dayjs(`${report.month}-01`) : month ? dayjs(`${month}-01`) : null}
            disabledDate={(d) => d.isAfter(dayjs(), 'month')}
            onChange={(d) => d && s.update({ month: d.format('YYYY-MM') })}
          />
        </label>
        {user.role === 'supervisor' ? (
          // the supervision report of the same month (it links back here)
          <Link to={`/alerts/report${buildQuery({ month: report?.month ?? month })}`} data-testid="report-supervision">
            {t('alerts.reportMenu')} →
          </Link>
        ) : null}
        <span style={{ flex: 1 }} />
        <Tooltip title={t('app.retry')}>
          <Button icon={<ReloadOutlined />} aria-label={t('app.retry')} onClick={() => setReload((x) => x + 1)} />
        </Tooltip>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!report}>
          {t('report.print')}
        </Button>
        <Button type="primary" icon={<FilePdfOutlined />} href={pdfHref} download disabled={!report} data-testid="report-pdf">
          {t('report.pdf')}
        </Button>
      </div>
      {error ? (
        <ErrorResult error={error} onRetry={() => setReload((x) => x + 1)} />
      ) : !report ? (
        <div className="report-paper">
          <Skeleton active paragraph={{ rows: 12 }} />
        </div>
      ) : (
        <Spin spinning={loading}>
          <ReportBody r={report} monthLabel={monthLabel} title={title} />
        </Spin>
      )}
    </div>
  );
}

function ReportBody({ r, monthLabel, title }: { r: MonthlyReport; monthLabel: (k: string) => string; title: string }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const x = r.totals;
  const p = r.previous;
  const delta = (now: number, before: number | undefined) => {
    if (before === undefined) return '';
    const d = now - before;
    return ` · ${t('report.vsPrev', { d: d > 0 ? `+${int(d)}` : d < 0 ? `−${int(-d)}` : t('report.same') })}`;
  };
  const lastDay = fmtDate(new Date(Date.parse(r.periodEnd) - 1));
  const tiles: { key: string; label: string; value: string; unit: string; sub: string; tone?: string; testId?: string }[] = [
    {
      key: 'new',
      label: t('report.tile.newCount'),
      value: int(x.newCount),
      unit: t('report.unitCount'),
      sub: t('report.tile.newSub', { a: m2(x.newAreaM2) }) + delta(x.newCount, p?.newCount),
      tone: x.newCount > 0 ? TONE.orange : TONE.green,
    },
    {
      key: 'reports',
      label: t('report.tile.reports'),
      value: int(x.reports),
      unit: t('report.unitItem'),
      sub: t('report.tile.reportsSub', { v: int(x.verifications), r: int(x.rejections) }),
    },
    {
      key: 'closings',
      label: t('report.tile.closings'),
      value: int(x.closings),
      unit: t('report.unitItem'),
      sub: t('report.tile.closingsSub', { n: int(x.validClosings) }) + delta(x.closings, p?.closings),
      tone: TONE.green,
    },
    { key: 'demolished', label: t('report.tile.demolished'), value: m2(x.demolishedAreaM2), unit: 'm²', sub: t('report.tile.demolishedSub', { n: int(x.demolishedCount) }) },
    {
      key: 'open',
      label: t('report.tile.open'),
      value: int(x.openCount),
      unit: t('report.unitCount'),
      sub: t('report.tile.openSub', { a: m2(x.openAreaM2) }) + delta(x.openCount, p?.openCount),
    },
    {
      key: 'stockOpen',
      label: t('report.tile.stockOpen'),
      value: int(x.stockOpenCount),
      unit: t('report.unitCount'),
      sub: t('report.tile.stockOpenSub', { a: m2(x.stockOpenAreaM2), n: int(x.stockCount) }),
    },
    { key: 'newOpen', label: t('report.tile.newOpen'), value: int(x.newOpenCount), unit: t('report.unitCount'), sub: t('report.tile.openSub', { a: m2(x.newOpenAreaM2) }) },
    {
      key: 'overdue',
      label: t('report.tile.overdue'),
      value: int(x.overdue),
      unit: t('report.unitItem'),
      sub: t('report.tile.overdueSub') + delta(x.overdue, p?.overdue),
      tone: x.overdue > 0 ? TONE.red : TONE.green,
    },
    {
      key: 'notices',
      label: t('report.tile.noticesIssued'),
      value: int(x.noticesIssued),
      unit: t('report.unitItem'),
      sub: t('report.tile.noticesIssuedSub', { a: int(x.noticesAnswered), o: int(x.noticesOpen) }),
    },
    {
      key: 'onTime',
      label: t('report.tile.noticesOnTime'),
      value: x.noticesDue ? `${Math.round((100 * x.noticesOnTime) / x.noticesDue)}%` : '—',
      unit: '',
      sub: t('report.tile.noticesOnTimeSub', { d: int(x.noticesDue), o: int(x.noticesOnTime) }),
    },
    {
      key: 'redLine',
      label: t('report.tile.redLine'),
      value: int(x.redLineNew),
      unit: t('report.unitCount'),
      sub: t('report.tile.redLineSub'),
      tone: x.redLineNew > 0 ? TONE.red : TONE.green,
    },
    {
      key: 'rebuilds',
      label: t('report.tile.rebuilds'),
      value: int(x.rebuilds),
      unit: t('report.unitCount'),
      sub: t('report.tile.rebuildsSub', { n: int(x.complaints) }),
      tone: x.rebuilds > 0 ? TONE.red : undefined,
    },
  ];
  const months = useMemo(() => r.trend.map((m) => (en ? dayjs(`${m.month}-01`).format('MMM') : `${Number(m.month.slice(5))}月`)), [r.trend, en]);
  const charts = useMemo(
    () => [
      {
        key: 'newClosed',
        title: t('report.chart.newClosed'),
        kind: 'bar' as const,
        series: [
          { name: t('report.chart.newCount'), color: TONE.orange, values: r.trend.map((m) => m.newCount) },
          { name: t('report.chart.closings'), color: TONE.green, values: r.trend.map((m) => m.closings) },
        ],
      },
      {
        key: 'open',
        title: t('report.chart.open'),
        kind: 'line' as const,
        series: [
          { name: t('report.chart.openCount'), color: TONE.blue, values: r.trend.map((m) => m.openCount) },
          { name: t('report.chart.stockOpen'), color: '#7048e8', values: r.trend.map((m) => m.stockOpenCount) },
          { name: t('report.chart.overdue'), color: TONE.red, values: r.trend.map((m) => m.overdue) },
        ],
      },
      {
        key: 'demolished',
        title: t('report.chart.demolished'),
        kind: 'bar' as const,
        series: [{ name: t('report.chart.demolishedArea'), color: '#0b7285', values: r.trend.map((m) => m.demolishedAreaM2) }],
      },
      {
        key: 'notices',
        title: t('report.chart.notices'),
        kind: 'bar' as const,
        series: [
          { name: t('report.chart.issued'), color: '#e8590c', values: r.trend.map((m) => m.noticesIssued) },
          { name: t('report.chart.answered'), color: '#1c7ed6', values: r.trend.map((m) => m.noticesAnswered) },
        ],
      },
    ],
    [r.trend, t],
  );
  const ix = r.index;
  const colorOf = new Map(ix.available ? ix.units.map((u) => [u.code, u.color] as const) : []);
  const colorCell = (c: Color | undefined) =>
    c ? (
      <span className="report-color">
        <span className="report-dot" style={{ background: COLOR_HEX[c] }} />
        {t(`index.color.${c}`)}
      </span>
    ) : null;
  const columns = [
    {
      key: 'name',
      title: t('report.col.name'),
      dataIndex: 'name',
      render: (v: string, b: { code: string }) => (r.breakdownLevel === 'town' && b.code ? <Link to={`/reports?division=${b.code}&month=${r.month}`}>{v}</Link> : v),
    },
    { key: 'newCount', title: t('report.col.newCount'), dataIndex: 'newCount', align: 'right' as const, render: int },
    { key: 'newAreaM2', title: t('report.col.newArea'), dataIndex: 'newAreaM2', align: 'right' as const, render: m2 },
    { key: 'reports', title: t('report.col.reports'), dataIndex: 'reports', align: 'right' as const, render: int },
    { key: 'verifications', title: t('report.col.verifications'), dataIndex: 'verifications', align: 'right' as const, render: int },
    { key: 'closings', title: t('report.col.closings'), dataIndex: 'closings', align: 'right' as const, render: int },
    { key: 'demolishedAreaM2', title: t('report.col.demolishedArea'), dataIndex: 'demolishedAreaM2', align: 'right' as const, render: m2 },
    { key: 'openCount', title: t('report.col.open'), dataIndex: 'openCount', align: 'right' as const, render: int },
    { key: 'stockOpenCount', title: t('report.col.stockOpen'), dataIndex: 'stockOpenCount', align: 'right' as const, render: int },
    { key: 'overdue', title: t('report.col.overdue'), dataIndex: 'overdue', align: 'right' as const, render: int },
    { key: 'notices', title: t('report.col.notices'), align: 'right' as const, render: (_: unknown, b: Figures) => `${int(b.noticesIssued)}/${int(b.noticesAnswered)}` },
    { key: 'index', title: t('report.col.index'), render: (_: unknown, b: { code: string }) => colorCell(colorOf.get(b.code)) },
  ];
  const caseColumns = (last: 'overdue' | 'days') => [
    { key: 'caseNo', title: t('report.col.caseNo'), dataIndex: 'caseNo', render: (v: string, c: ReportCase) => <Link to={`/cases/${c.id}`}>{v}</Link> },
    { key: 'place', title: t('report.col.place'), render: (_: unknown, c: ReportCase) => `${c.town}${c.village}` },
    { key: 'status', title: t('report.col.status'), render: (_: unknown, c: ReportCase) => t(`status.${c.status}`) },
    { key: 'area', title: t('report.col.area'), align: 'right' as const, render: (_: unknown, c: ReportCase) => (c.areaM2 === null ? '—' : m2(c.areaM2)) },
    {
      key: 'kind',
      title: t('report.col.kind'),
      render: (_: unknown, c: ReportCase) => `${t(`origin.${c.origin}`)}${c.disposalClass ? ` · ${t(`disposalClass.${c.disposalClass}`)}` : ''}`,
    },
    {
      key: 'last',
      title: last === 'days' ? t('report.col.overdueDays') : t('report.col.overdue'),
      align: 'right' as const,
      render: (_: unknown, c: ReportCase) => (c.daysOverdue !== null ? <span className="report-bad">{t('report.col.days', { n: c.daysOverdue })}</span> : '—'),
    },
  ];
  const tp = r.top;

  return (
    <article className="report-paper" data-testid="report-paper">
      <header className="report-head">
        <h2 className="report-title" data-testid="report-title">
          {title}
        </h2>
        <div className="report-month">{monthLabel(r.month)}</div>
        <div className="report-meta muted">
          {[r.partial ? t('report.asOfNow') : t('report.asOfEnd', { date: lastDay }), t('report.source'), t('report.generated', { at: fmtDateTime(r.generatedAt) })].join(
            en ? ' · ' : ';',
          )}
        </div>
      </header>

      <Section title={t('report.s1')}>
        <div className="report-tiles">
          {tiles.map((tile) => (
            <div className="report-tile" key={tile.key} style={{ borderLeftColor: tile.tone ?? TONE.blue }} data-testid={`tile-${tile.key}`}>
              <div className="report-tile-label">{tile.label}</div>
              <div className="report-tile-value">
                {tile.value}
                {tile.unit && <small>{tile.unit}</small>}
              </div>
              <div className="report-tile-sub">{tile.sub}</div>
            </div>
          ))}
        </div>
      </Section>

      <Section title={t('report.s2')} testId="report-index">
        {!ix.available ? (
          <Alert type="info" showIcon title={ix.pending ? t('report.index.pending', { month: monthLabel(r.month) }) : t('report.index.none', { month: monthLabel(r.month) })} />
        ) : (
          <div className="report-index">
            {ix.unit && (
              <div className="report-index-unit">
                <div className="report-index-chip" style={{ background: COLOR_HEX[ix.unit.color] }}>
                  {t(`index.color.${ix.unit.color}`)}
                </div>
                <div>
                  <div className="report-index-score">
                    {t('report.index.score')} {ix.unit.score.toFixed(1)}
                    <span>{ix.unit.rankOf ? t('report.index.rankOf', { rank: ix.unit.rank, of: ix.unit.rankOf }) : t('report.index.rank', { rank: ix.unit.rank })}</span>
                  </div>
                  <div className="muted">
                    {ix.unit.change
                      ? t('report.index.change', {
                          s: ix.unit.change.score > 0 ? `+${ix.unit.change.score.toFixed(1)}` : ix.unit.change.score.toFixed(1),
                          r:
                            ix.unit.change.rank > 0
                              ? t('report.index.up', { n: ix.unit.change.rank })
                              : ix.unit.change.rank < 0
                                ? t('report.index.down', { n: -ix.unit.change.rank })
                                : t('report.index.unchanged'),
                          c:
                            ix.unit.change.color === 'better' ? t('report.index.better') : ix.unit.change.color === 'worse' ? t('report.index.worse') : t('report.index.unchanged'),
                        })
                      : t('report.index.noChange')}
                  </div>
                </div>
              </div>
            )}
            <div className="report-colors-title">
              {t(ix.level === 'town' ? 'report.index.colorsTowns' : 'report.index.colorsVillages', { period: ix.period, n: ix.units.length })}
              {ix.partial ? `(${t('report.index.partial')})` : ''}
              <Link className="no-print" to={ix.unit ? `/index/runs/${ix.runId}/units/${ix.unit.code}` : `/index?run=${ix.runId}`} style={{ marginInlineStart: 8 }}>
                {t('report.index.open')}
              </Link>
            </div>
            <div className="report-colors" data-testid="report-colors">
              {COLORS.filter((c) => ix.colors[c]).map((c) => (
                <div key={c} style={{ flex: ix.colors[c], background: COLOR_HEX[c], color: c === 'yellow' ? '#1f2937' : '#fff' }}>
                  {t(`index.color.${c}`)} {ix.colors[c]}
                </div>
              ))}
            </div>
            <ol className="report-ranking">
              {ix.units.map((u) => (
                <li key={u.code}>
                  <span className="report-rank">{u.rank}.</span>
                  <span className="report-dot" style={{ background: COLOR_HEX[u.color] }} />
                  {u.name} <b>{u.score.toFixed(1)}</b>
                </li>
              ))}
            </ol>
          </div>
        )}
      </Section>

      <Section title={t('report.s3')}>
        <div className="report-charts">
          {charts.map((c) => (
            <div className="report-chart" key={c.key}>
              <div className="report-chart-title">{c.title}</div>
              <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 200 }} />}>
                <TrendChart kind={c.kind} months={months} series={c.series} height={200} testId={`chart-${c.key}`} />
              </Suspense>
            </div>
          ))}
        </div>
      </Section>

      <Section title={r.breakdownLevel === 'town' ? t('report.s4town') : t('report.s4village')} breakable>
        <Table
          className="report-table"
          data-testid="report-table"
          size="small"
          rowKey="code"
          pagination={false}
          columns={columns}
          dataSource={r.breakdown}
          summary={() => (
            <Table.Summary.Row className="report-total">
              <Table.Summary.Cell index={0}>{t('report.col.total')}</Table.Summary.Cell>
              {(['newCount', 'newAreaM2', 'reports', 'verifications', 'closings', 'demolishedAreaM2', 'openCount', 'stockOpenCount', 'overdue'] as const).map((k, i) => (
                <Table.Summary.Cell index={i + 1} key={k} align="right">
                  {k.endsWith('AreaM2') ? m2(x[k]) : int(x[k])}
                </Table.Summary.Cell>
              ))}
              <Table.Summary.Cell index={10} align="right">{`${int(x.noticesIssued)}/${int(x.noticesAnswered)}`}</Table.Summary.Cell>
              <Table.Summary.Cell index={11} />
            </Table.Summary.Row>
          )}
        />
        <div className="report-note muted">{t('report.tableNote')}</div>
      </Section>

      <Section title={t('report.s5')} breakable testId="report-top">
        <p className="report-para">
          <b>{t('report.top.newVillages')}</b>
          {tp.newVillages.length
            ? tp.newVillages.map((v) => t('report.top.villageNew', { name: `${v.town}${v.name}`, n: v.count, a: m2(v.newAreaM2) })).join(';')
            : t('report.top.noNew')}
        </p>
        <p className="report-para">
          <b>{t('report.top.overdueVillages')}</b>
          {tp.overdueVillages.length
            ? tp.overdueVillages.map((v) => t('report.top.villageOverdue', { name: `${v.town}${v.name}`, n: v.count })).join(';')
            : t('report.top.noOverdue')}
        </p>
        <p className="report-para">
          <b>{t('report.top.redLine')}</b>
          {!tp.redLine.cases.length && !tp.redLine.units.length && t('report.top.noRedLine')}
          {tp.redLine.cases.length > 0 && (
            <>
              {t('report.top.redLineCases', { n: x.redLineNew })}:
              {tp.redLine.cases.map((c, i) => (
                <span key={c.id}>
                  {i ? '、' : ''}
                  <Link to={`/cases/${c.id}`}>{c.caseNo}</Link>({c.town}
                  {c.village}
                  {c.areaM2 === null ? '' : `,${m2(c.areaM2)} m²`})
                </span>
              ))}
              。
            </>
          )}
          {tp.redLine.units.length > 0 && (
            <>
              {t('report.top.redLineUnits')}:{tp.redLine.units.map((u) => `${u.name}(${u.redLines.map((l) => l.name).join('、')})`).join(';')}。
            </>
          )}
        </p>
        <h4 className="report-subhead">{t('report.top.biggest')}</h4>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          columns={caseColumns('overdue')}
          dataSource={tp.biggestOpen}
          locale={{ emptyText: t('report.top.none') }}
          data-testid="report-biggest"
        />
        <h4 className="report-subhead">{t('report.top.longest')}</h4>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          columns={caseColumns('days')}
          dataSource={tp.longestOverdue}
          locale={{ emptyText: t('report.top.none') }}
          data-testid="report-longest"
        />
      </Section>
    </article>
  );
}

function Section({ title, children, breakable, testId }: { title: string; children: ReactNode; breakable?: boolean; testId?: string }) {
  return (
    <section className={breakable ? 'report-section breakable' : 'report-section'} data-testid={testId}>
      <h3 className="report-section-title">{title}</h3>
      {children}
    </section>
  );
}
