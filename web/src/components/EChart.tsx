import { useEffect, useRef } from 'react';
import type { EChartsCoreOption } from 'echarts/core';

/** ECharts, piece by piece (echarts/core + the charts used, see echarts-setup.ts), loaded on first use so it stays out of the first load. */
const loadEcharts = () => import('./echarts-setup');
let echartsPromise: ReturnType<typeof loadEcharts> | null = null;

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
      c.setOption(option, true);
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
    chart.current?.setOption(option, true);
  }, [option]);

  return <div ref={el} style={{ height, width: '100%' }} data-testid={testId} role="img" />;
}
