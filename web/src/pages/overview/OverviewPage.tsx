import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Col, Progress, Row, Select, Skeleton, Statistic, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { DesktopOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../auth/AuthContext';
import { useDivisions } from '../../lib/useDivisions';
import { useSearchState } from '../../lib/useSearchState';
import { errorMessage } from '../../lib/errors';
import { isAbort } from '../../api/client';
import { COLOR_HEX, COLORS } from '../index/api';
import { casesLink, getOverview, OPEN_STATUSES, type Overview, type OverviewUnit } from './api';
import { OverviewCharts } from './charts';
import { GoalsCard } from '../goals/GoalsPanel';
import './overview.css';

/** Loads the overview of a division (default: the user's jurisdiction); `refreshMs` reloads it on a timer. */
export function useOverview(division: string | undefined, refreshMs?: number) {
  const { t } = useTranslation();
  const [data, setData] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ac = new AbortController();
    setError(null);
    getOverview(division, ac.signal).then(setData, (e) => !isAbort(e) && setError(errorMessage(e, t)));
    return () => ac.abort();
  }, [division, tick, t]);
  useEffect(() => {
    if (!refreshMs) return;
    const timer = setInterval(() => setTick((x) => x + 1), refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs]);
  return { data, error, reload: () => setTick((x) => x + 1) };
}

const fmtArea = (m2: number) => (m2 >= 10_000 ? `${(m2 / 10_000).toFixed(2)} 万㎡` : `${Math.round(m2).toLocaleString()} ㎡`);

/** The city's (or a town's) situation at a glance; every number opens the cases behind it. */
export default function OverviewPage() {
  const { t } = useTranslation();
  const user = useUser();
  const s = useSearchState();
  const navigate = useNavigate();
  const { towns, byCode } = useDivisions();
  const division = s.get('division');
  const { data, error, reload } = useOverview(division);
  const scope = data?.division;
  // links to the list keep the scope: a town picked here, or the user's own jurisdiction
  const inScope = (extra: Record<string, string | undefined>) => casesLink({ division: scope && scope.level !== 'city' ? scope.code : undefined, ...extra });
  const month = data?.month;
  const monthStart = month ? `${month}-01` : undefined;
  const userLevel = byCode.get(user.divisionCode)?.level;

  const tiles = useMemo(() => {
    if (!data) return [];
    return [
      { key: 'stock', title: t('ov.stock'), value: data.totals.stock.count, sub: fmtArea(data.totals.stock.area), to: inScope({ origin: 'stock' }) },
      { key: 'new', title: t('ov.new'), value: data.totals.new.count, sub: fmtArea(data.totals.new.area), to: inScope({ origin: 'new' }) },
      { key: 'open', title: t('ov.open'), value: data.totals.open.count, sub: fmtArea(data.totals.open.area), to: inScope({ status: OPEN_STATUSES }) },
      { key: 'closed', title: t('ov.closed'), value: data.totals.closed.count, sub: fmtArea(data.totals.closed.area), to: inScope({ status: 'closed' }) },
      { key: 'found', title: t('ov.foundThisMonth'), value: data.thisMonth.found, sub: t('ov.ofWhichNew', { n: data.thisMonth.foundNew }), to: inScope({ from: monthStart }) },
      { key: 'closedMonth', title: t('ov.closedThisMonth'), value: data.thisMonth.closed, sub: fmtArea(data.thisMonth.closedArea), to: inScope({ status: 'closed' }) },
      { key: 'overdue', title: t('ov.overdue'), value: data.totals.overdue, sub: t('ov.overdueSub'), to: inScope({ overdue: '1' }), warn: data.totals.overdue > 0 },
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, t]);

  const unitLabel = scope?.level === 'city' ? t('ov.town') : t('ov.village');
  const columns: TableColumnsType<OverviewUnit> = [
    { title: unitLabel, dataIndex: 'name', key: 'name', width: 110, fixed: 'left', render: (v: string, u) => <Link to={inScope({ division: u.code })}>{v}</Link> },
    { title: t('ov.stockCol'), dataIndex: 'stock', key: 'stock', width: 80, align: 'right', sorter: (a, b) => a.stock - b.stock },
    {
      title: <Tooltip title={t('ov.clearHelp')}>{t('ov.clearGoal')}</Tooltip>,
      key: 'clear',
      width: 170,
      sorter: (a, b) => a.stockClearedRate - b.stockClearedRate,
      render: (_: unknown, u) => (
        <Progress
          percent={Math.round(u.stockClearedRate * 100)}
          size="small"
          status={u.stockClearedRate >= 1 ? 'success' : 'normal'}
          aria-label={`${u.name} ${t('ov.clearGoal')}`}
        />
      ),
    },
    {
      title: <Tooltip title={t('ov.zeroHelp')}>{t('ov.zeroGoal')}</Tooltip>,
      dataIndex: 'newOpen',
      key: 'newOpen',
      width: 110,
      align: 'right',
      sorter: (a, b) => a.newOpen - b.newOpen,
      render: (v: number, u) => (v === 0 ? <Tag color="success">{t('ov.zeroed')}</Tag> : <Link to={inScope({ division: u.code, origin: 'new', status: OPEN_STATUSES })}>{v}</Link>),
    },
    {
      title: t('ov.openCol'),
      dataIndex: 'open',
      key: 'open',
      width: 80,
      align: 'right',
      sorter: (a, b) => a.open - b.open,
      render: (v: number, u) => <Link to={inScope({ division: u.code, status: OPEN_STATUSES })}>{v}</Link>,
    },
    {
      title: t('ov.overdueCol'),
      dataIndex: 'overdue',
      key: 'overdue',
      width: 80,
      align: 'right',
      sorter: (a, b) => a.overdue - b.overdue,
      render: (v: number, u) =>
        v ? (
          <Link className="ov-warn" to={inScope({ division: u.code, overdue: '1' })}>
            {v}
          </Link>
        ) : (
          <span className="muted">0</span>
        ),
    },
    {
      title: t('ov.indexCol'),
      key: 'index',
      width: 130,
      sorter: (a, b) => (a.indexScore ?? -1) - (b.indexScore ?? -1),
      render: (_: unknown, u) =>
        u.indexColor ? (
          <Link to={data?.index ? `/index/runs/${data.index.runId}/units/${u.code}` : '/index'}>
            <span className="ov-swatch" style={{ background: COLOR_HEX[u.indexColor] }} /> {t(`index.color.${u.indexColor}`)} · {u.indexScore?.toFixed(1)}
          </Link>
        ) : (
          <span className="muted">{t('app.none')}</span>
        ),
    },
  ];

  // (an Alert rather than the Result page: it is already in the first load, the overview being the landing page)
  if (error && !data)
    return (
      <div className="page">
        <Alert type="error" showIcon title={`${t('app.loadFailed')}: ${error}`} action={<Button onClick={reload}>{t('app.retry')}</Button>} />
      </div>
    );

  return (
    <div className="page ov-page" data-testid="overview">
      <div className="page-head">
        <h1 className="page-title">{t('ov.title', { name: scope?.name ?? '' })}</h1>
        <span className="muted">{scope ? `${scope.name} · ${t('ov.asOf', { time: new Date(data!.asOf).toLocaleString('zh-CN', { hour12: false }) })}` : ''}</span>
        <div style={{ marginInlineStart: 'auto', display: 'flex', gap: 8 }}>
          {userLevel === 'city' && (
            <Select
              allowClear
              aria-label={t('ov.scope')}
              placeholder={t('ov.wholeCity')}
              style={{ width: 150 }}
              value={division}
              onChange={(v) => s.update({ division: v })}
              options={towns.filter((d) => d.inJurisdiction).map((d) => ({ value: d.code, label: d.name }))}
            />
          )}
          <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('app.retry')} />
          <Button icon={<DesktopOutlined />} onClick={() => navigate(`/cockpit${division ? `?division=${division}` : ''}`)}>
            {t('ov.cockpit')}
          </Button>
        </div>
      </div>
      {!data ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <>
          <div className="ov-tiles">
            {tiles.map((x) => (
              <Link key={x.key} to={x.to} className={`ov-tile${x.warn ? ' warn' : ''}`} data-testid={`tile-${x.key}`}>
                <Statistic title={x.title} value={x.value} />
                <div className="ov-tile-sub">{x.sub}</div>
              </Link>
            ))}
          </div>
          <OverviewCharts data={data} />
          <Row gutter={12} style={{ marginTop: 12 }}>
            <Col span={24}>
              <Card
                size="small"
                title={t('ov.unitsTitle', { unit: unitLabel })}
                extra={
                  data.index ? (
                    <span className="ov-colors">
                      <Link to="/index">{t('ov.indexOf', { period: data.index.period })}</Link>
                      {COLORS.map((c) => {
                        const n = data.index!.colors[scope?.level === 'city' ? 'town' : 'village']?.[c] ?? 0;
                        return (
                          <span key={c} className="ov-color-count">
                            <span className="ov-swatch" style={{ background: COLOR_HEX[c] }} />
                            {t(`index.color.${c}`)} {n}
                          </span>
                        );
                      })}
                    </span>
                  ) : (
                    <Link to="/index">{t('ov.noIndex')}</Link>
                  )
                }
              >
                <Table<OverviewUnit>
                  size="small"
                  rowKey="code"
                  columns={columns}
                  dataSource={data.units}
                  pagination={false}
                  scroll={{ x: 760, y: scope?.level === 'city' ? undefined : 420 }}
                  data-testid="ov-units"
                />
              </Card>
            </Col>
          </Row>
          <GoalsCard division={division} />
        </>
      )}
    </div>
  );
}
