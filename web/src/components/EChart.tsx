import { useEffect, useRef } from 'react';
import type { EChartsCoreOption } from 'echarts/core';

/** ECharts, piece by piece (echarts/core + the charts used, see echarts-setup.ts), loaded on first use so it stays out of the first load. */
const loadEcharts = () => import('./echarts-setup');
let echartsPromise: ReturnType<typeof loadEcharts> | null = null;

/**
 * The page's own font for every chart's text. ECharts measures text on a canvas of its own, outside the
 * page, and draws it on the chart's canvas: with the bare default `sans-serif` the two may fall back to
 * different CJK fonts (the page's lang is zh-CN, the measuring canvas has none), so a legend measured
 * narrower than it is drawn ran its items into each other. Naming the page's font list makes both the same.
 */
function withPageFont(option: EChartsCoreOption): EChartsCoreOption {
  const fontFamily = getComputedStyle(document.body).fontFamily || 'sans-serif';
  const own = (option as { textStyle?: Record<string, unknown> }).textStyle;
  return { ...option, textStyle: { fontFamily, ...own } };
}

export function EChart({ option, height = 260, testId, dark = false }: { option: EChartsCoreOption; height?: number; testId?: string; dark?: boolean }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<{ setOption: (o: EChartsCoreOption, notMerge?: boolean) => void; resize: () => void; dispose: () => void } | null>(null);

  useEffect(() => {
    let alive = true;
    let ro: ResizeObserver | null = null;
    (echartsPromise ??= loadEcharts()).then((echarts) => {
      if (!alive || !el.current) return;
      const c = echarts.init(el.current, dark ? 'dark' : undefined, { renderer: 'canvas' });
      chart.current = c;
      // the instance on its element, as ECharts' own getInstanceByDom would give it: lets a browser test
      // read where the legend and the plot were laid out
      Object.defineProperty(el.current, 'echarts', { value: c, configurable: true });
      c.setOption(withPageFont(option), true);
      ro = new ResizeObserver(() => c.resize());
      ro.observe(el.current);
    });
    return () => {
      alive = false;
      ro?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dark]);

  useEffect(() => {
    chart.current?.setOption(withPageFont(option), true);
  }, [option]);

  return <div ref={el} style={{ height, width: '100%' }} data-testid={testId} role="img" />;
}
