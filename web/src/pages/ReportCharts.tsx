/**
 * The monthly report's trend charts. ECharts is imported piece by piece (core, two chart types, the
 * components used, the SVG renderer, which prints sharp) and only by this module, which the report page
 * loads lazily: it is never in the first-load bundle.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface ChartSeries {
  name: string;
  color: string;
  values: number[];
}

export interface TrendChartProps {
  kind: 'bar' | 'line';
  months: string[];
  series: ChartSeries[];
  height?: number;
  testId?: string;
}

export default function TrendChart({ kind, months, series, height = 220, testId }: TrendChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      grid: { left: 44, right: 12, top: 30, bottom: 24 },
      legend: { top: 0, right: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 11 } },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: months, axisTick: { alignWithLabel: true }, axisLabel: { fontSize: 10 } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 10 }, splitLine: { lineStyle: { color: '#eef0f3' } } },
      series: series.map((s) =>
        kind === 'bar'
          ? { type: 'bar', name: s.name, data: s.values, itemStyle: { color: s.color }, barMaxWidth: 14 }
          : { type: 'line', name: s.name, data: s.values, itemStyle: { color: s.color }, lineStyle: { width: 2 }, symbolSize: 5 },
      ),
    });
    // a viewBox lets the drawn SVG scale to the printed page's width even when no resize runs first
    const fit = () => el.querySelector('svg')?.setAttribute('viewBox', `0 0 ${chart.getWidth()} ${chart.getHeight()}`);
    chart.on('finished', fit);
    fit();
    // follow the container: window resizes, the sider collapsing, and the page width when printing
    const resize = () => chart.resize();
    const ro = new ResizeObserver(resize);
    ro.observe(el);
    window.addEventListener('beforeprint', resize);
    window.addEventListener('afterprint', resize);
    return () => {
      ro.disconnect();
      window.removeEventListener('beforeprint', resize);
      window.removeEventListener('afterprint', resize);
      chart.dispose();
    };
  }, [kind, months, series]);
  return <div ref={ref} className="report-chart-canvas" style={{ height }} data-testid={testId} />;
}
