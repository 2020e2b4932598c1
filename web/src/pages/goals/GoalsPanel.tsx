import { useEffect, useMemo, useState } from 'react';
import { Alert, Card, Progress, Skeleton, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, buildQuery, isAbort } from '../../api/client';
import type { ApiBody } from '../../api/types';
import { EChart } from '../../components/EChart';
import { errorMessage } from '../../lib/errors';

export type Goals = ApiBody<'/api/goals'>;
export type GoalFigures = Goals['total'];

/** GET /api/goals for a division (default: the user's jurisdiction); `refreshMs` reloads it on a timer. */
export function useGoals(division: string | undefined, refreshMs?: number) {
  const { t } = useTranslation();
  const [data, setData] = useState<Goals | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ac = new AbortController();
    api<Goals>(`/api/goals${buildQuery({ division })}`, { signal: ac.signal }).then(setData, (e) => !isAbort(e) && setError(errorMessage(e, t)));
    return () => ac.abort();
  }, [division, tick, t]);
  useEffect(() => {
    if (!refreshMs) return;
    const timer = setInterval(() => setTick((x) => x + 1), refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs]);
  return { data, error };
}

const PROJECTION_COLOR = { cleared: 'success', on_pace: 'processing', stalled: 'error' } as const;

/** The projection as a tag: 按当前进度，预计 2027年5月 清零 / 按当前进度无法清零 / 存量已清零. */
export function ProjectionTag({ g }: { g: GoalFigures }) {
  return (
    <Tag color={PROJECTION_COLOR[g.projection.state]} data-testid={`projection-${g.code}`}>
      {g.projection.text}
    </Tag>
  );
}

/** The remaining stock and the open new cases at each month end, with the new found per month. */
export function GoalsChart({ g, height = 220, dark = false }: { g: GoalFigures; height?: number; dark?: boolean }) {
  const { t } = useTranslation();
  const text = dark ? '#c9d6e8' : '#555';
  const axis = { axisLabel: { color: text }, axisLine: { lineStyle: { color: dark ? '#3a5070' : '#ccc' } }, splitLine: { lineStyle: { color: dark ? '#1f3450' : '#eee' } } };
  const option = useMemo(
    () => ({
      backgroundColor: 'transparent',
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0, left: 'center', itemGap: 14, itemWidth: 18, itemHeight: 10, textStyle: { color: text } },
      grid: { left: 8, right: 16, top: 34, bottom: 4, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      xAxis: { type: 'category', data: g.trend.map((p) => p.month.slice(2).replace('-', '/')), ...axis },
      yAxis: { type: 'value', minInterval: 1, ...axis },
      series: [
        { name: t('goals.chartRemaining'), type: 'line', smooth: true, areaStyle: { opacity: 0.2 }, data: g.trend.map((p) => p.stockRemaining), color: '#e8590c' },
        { name: t('goals.chartNewOpen'), type: 'line', smooth: true, data: g.trend.map((p) => p.newOpen), color: '#1971c2' },
        { name: t('goals.chartNewFound'), type: 'bar', data: g.trend.map((p) => p.newFound), color: '#74c0fc' },
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [g, t, dark],
  );
  return <EChart option={option} height={height} dark={dark} testId="goals-chart" />;
}

/** One line in words: the baseline, what is cleared and left, the new of this year. */
export function goalsSummary(g: GoalFigures, t: (k: string, o?: Record<string, unknown>) => string) {
  return t('goals.summary', { baseline: g.baseline.count, rate: Math.round(g.clearedRate * 100), remaining: g.remaining.count, newYear: g.newThisYear, newOpen: g.newOpen });
}

/**
 * 存量清零、新增归零 for a division: the scope's figures with its projection and trend, and (`units`) a table
 * of its towns or villages, each with its own projection.
 */
export function GoalsCard({ division, units = true }: { division?: string; units?: boolean }) {
  const { t } = useTranslation();
  const { data, error } = useGoals(division);
  const columns: TableColumnsType<GoalFigures> = [
    { title: t('goals.unit'), dataIndex: 'name', key: 'name', width: 100, fixed: 'left' },
    { title: t('goals.baseline'), key: 'baseline', width: 80, align: 'right', render: (_: unknown, u) => u.baseline.count },
    {
      title: t('goals.remaining'),
      key: 'remaining',
      width: 80,
      align: 'right',
      sorter: (a, b) => a.remaining.count - b.remaining.count,
      render: (_: unknown, u) => u.remaining.count,
    },
    {
      title: t('goals.cleared'),
      key: 'cleared',
      width: 150,
      sorter: (a, b) => a.clearedRate - b.clearedRate,
      render: (_: unknown, u) => <Progress percent={Math.round(u.clearedRate * 100)} size="small" status={u.clearedRate >= 1 ? 'success' : 'normal'} />,
    },
    {
      title: <Tooltip title={t('goals.paceHelp', { n: data?.paceMonths ?? 6 })}>{t('goals.pace')}</Tooltip>,
      key: 'pace',
      width: 80,
      align: 'right',
      render: (_: unknown, u) => u.pacePerMonth,
    },
    { title: t('goals.projection'), key: 'projection', width: 230, render: (_: unknown, u) => <ProjectionTag g={u} /> },
    { title: t('goals.newThisYear'), key: 'newThisYear', width: 80, align: 'right', render: (_: unknown, u) => u.newThisYear },
    {
      title: t('goals.newFarmland'),
      key: 'farmland',
      width: 80,
      align: 'right',
      render: (_: unknown, u) => <span className={u.newOnFarmlandThisYear ? 'ov-warn' : undefined}>{u.newOnFarmlandThisYear}</span>,
    },
    {
      title: t('goals.newOpen'),
      key: 'newOpen',
      width: 100,
      align: 'right',
      render: (_: unknown, u) => (u.newOpen === 0 ? <Tag color="success">{t('goals.zeroed')}</Tag> : u.newOpen),
    },
  ];
  return (
    <Card size="small" title={t('goals.title')} data-testid="goals-card" style={{ marginTop: 12 }} extra={data ? <ProjectionTag g={data.total} /> : null}>
      {error ? (
        <Alert type="error" showIcon title={error} />
      ) : !data ? (
        <Skeleton active />
      ) : (
        <>
          <div className="muted" style={{ marginBottom: 8 }} data-testid="goals-summary">
            {data.total.name}:{goalsSummary(data.total, t)}
          </div>
          <GoalsChart g={data.total} />
          {units && data.units.length > 0 && (
            <Table<GoalFigures>
              size="small"
              rowKey="code"
              columns={columns}
              dataSource={data.units}
              pagination={false}
              scroll={{ x: 980, y: data.division.level === 'city' ? undefined : 360 }}
              style={{ marginTop: 8 }}
              data-testid="goals-units"
            />
          )}
        </>
      )}
    </Card>
  );
}
