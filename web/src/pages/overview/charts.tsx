import { useMemo } from 'react';
import { Card, Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { EChart } from '../../components/EChart';
import { STATUS_ORDER, STATUS_COLORS } from '../../lib/status';
import type { Overview } from './api';

const CLASS_COLORS: Record<string, string> = { demolish: '#d9480f', remedy: '#1c7ed6', defer: '#868e96', unclassified: '#ced4da' };

/** The overview's charts: open cases over 12 months, reports vs closings per month, open cases by class and by status. */
export function OverviewCharts({ data, dark = false, height = 250 }: { data: Overview; dark?: boolean; height?: number }) {
  const { t } = useTranslation();
  const text = dark ? '#c9d6e8' : '#555';
  const axis = { axisLabel: { color: text }, axisLine: { lineStyle: { color: dark ? '#3a5070' : '#ccc' } }, splitLine: { lineStyle: { color: dark ? '#1f3450' : '#eee' } } };
  const months = data.trend.map((p) => p.month.slice(2).replace('-', '/'));
  // one legend line above the plot whatever the card's width: items that do not fit page with arrows
  // instead of wrapping onto a second line over the plot; the plot starts below it
  const legend = { type: 'scroll', top: 0, left: 'center', itemGap: 14, itemWidth: 18, itemHeight: 10, textStyle: { color: text }, pageTextStyle: { color: text } };
  const lineGrid = { left: 8, right: 16, top: 34, bottom: 4, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' };

  const openOption = useMemo(
    () => ({
      backgroundColor: 'transparent',
      tooltip: { trigger: 'axis' },
      legend,
      grid: lineGrid,
      xAxis: { type: 'category', data: months, ...axis },
      yAxis: { type: 'value', minInterval: 1, ...axis },
      series: [
        { name: t('ov.openStock'), type: 'line', stack: 'open', areaStyle: { opacity: 0.25 }, smooth: true, data: data.trend.map((p) => p.openStock), color: '#e8590c' },
        { name: t('ov.openNew'), type: 'line', stack: 'open', areaStyle: { opacity: 0.25 }, smooth: true, data: data.trend.map((p) => p.openNew), color: '#1971c2' },
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data, t, dark],
  );
  const flowOption = useMemo(
    () => ({
      backgroundColor: 'transparent',
      tooltip: { trigger: 'axis' },
      legend,
      grid: lineGrid,
      xAxis: { type: 'category', data: months, ...axis },
      yAxis: { type: 'value', minInterval: 1, ...axis },
      series: [
        { name: t('ov.foundNew'), type: 'bar', stack: 'found', data: data.trend.map((p) => p.foundNew), color: '#1971c2' },
        { name: t('ov.foundStock'), type: 'bar', stack: 'found', data: data.trend.map((p) => p.foundStock), color: '#f08c00' },
        { name: t('ov.closings'), type: 'line', data: data.trend.map((p) => p.closed), color: '#2f9e44', symbolSize: 6 },
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data, t, dark],
  );
  /** Horizontal bars with their values: one per category, each in its own colour. */
  const bars = (labels: string[], items: { value: number; color: string }[]) => ({
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis' },
    // the category names measured (the grid contains them), and room on the right for the value beside the longest bar
    grid: { left: 4, right: 36, top: 8, bottom: 4, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    // few ticks, compact numbers: the class and status charts are narrow (five-digit counts at 100k)
    xAxis: {
      type: 'value',
      minInterval: 1,
      splitNumber: 2,
      ...axis,
      axisLabel: { ...axis.axisLabel, hideOverlap: true, formatter: (v: number) => (v >= 10000 ? `${v / 1000}k` : String(v)) },
    },
    // a long name (English "Closing requested" in the cockpit's narrow card) ends in "…" instead of
    // running off the card's edge; the tooltip names it whole
    yAxis: { type: 'category', inverse: true, data: labels, ...axis, axisLabel: { ...axis.axisLabel, width: 64, overflow: 'truncate' } },
    series: [{ type: 'bar', data: items.map((x) => ({ value: x.value, itemStyle: { color: x.color } })), barMaxWidth: 16, label: { show: true, position: 'right', color: text } }],
  });
  // open cases by class as bars (a pie chart would add its own module to the landing page's load)
  const classOption = useMemo(
    () => {
      const keys = Object.keys(data.byClass);
      return bars(
        keys.map((k) => (k === 'unclassified' ? t('ov.unclassified') : t(`disposalClass.${k}`))),
        keys.map((k) => ({ value: data.byClass[k], color: CLASS_COLORS[k] })),
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data, t, dark],
  );
  const statusOption = useMemo(
    () =>
      bars(
        STATUS_ORDER.map((s) => t(`status.${s}`)),
        STATUS_ORDER.map((s) => ({ value: data.byStatus[s] ?? 0, color: STATUS_COLORS[s] })),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data, t, dark],
  );

  return (
    <Row gutter={[12, 12]} className="ov-charts">
      <Col xs={24} xl={8}>
        <Card size="small" title={t('ov.chartOpen')}>
          <EChart option={openOption} height={height} dark={dark} testId="chart-open" />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card size="small" title={t('ov.chartFlow')}>
          <EChart option={flowOption} height={height} dark={dark} testId="chart-flow" />
        </Card>
      </Col>
      <Col xs={12} xl={4}>
        <Card size="small" title={t('ov.chartClass')}>
          <EChart option={classOption} height={height} dark={dark} testId="chart-class" />
        </Card>
      </Col>
      <Col xs={12} xl={4}>
        <Card size="small" title={t('ov.chartStatus')}>
          <EChart option={statusOption} height={height} dark={dark} testId="chart-status" />
        </Card>
      </Col>
    </Row>
  );
}
