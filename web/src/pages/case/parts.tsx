/** Small pieces the case page's sections share: labels of enum values, yes/no, the section card, the description grid. */
import type { ReactNode } from 'react';
import { Card, Descriptions, Tag, Typography, type DescriptionsProps } from 'antd';

export type TFn = (key: string, opts?: Record<string, unknown>) => string;

/** An enum value's label, or the raw value when the vocabulary grows before the UI does. */
export function label(t: TFn, ns: string, v: string | null | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  const k = `${ns}.${v}`;
  const s = t(k);
  return s === k ? v : s;
}

export const yesNo = (t: TFn, v: boolean, warn = false) =>
  v ? (
    <Typography.Text type={warn ? 'danger' : undefined} strong={warn}>
      {t('app.yes')}
    </Typography.Text>
  ) : (
    t('app.no')
  );

export function riskTag(t: TFn, v: string) {
  const color = v === 'high' ? 'red' : v === 'medium' ? 'orange' : 'green';
  return <Tag color={color}>{label(t, 'safetyRisk', v)}</Tag>;
}

export function Section({ title, children, extra }: { title: ReactNode; children: ReactNode; extra?: ReactNode }) {
  return (
    <Card size="small" title={title} extra={extra} className="section">
      {children}
    </Card>
  );
}

/** Items that would leave a gap (an odd item before a wide one, or an odd last item) fill the rest of their row. */
function fillRows(items: NonNullable<DescriptionsProps['items']>, column: number): DescriptionsProps['items'] {
  const out = items.map((it) => ({ ...it }));
  let pos = 0;
  out.forEach((it, i) => {
    const span = typeof it.span === 'number' ? Math.min(it.span, column) : 1;
    if (pos > 0 && pos + span > column) {
      out[i - 1].span = 'filled';
      pos = 0;
    }
    pos = (pos + span) % column;
  });
  if (pos > 0 && out.length) out[out.length - 1].span = 'filled';
  return out;
}

export function descr(items: DescriptionsProps['items'], column = 2) {
  items = fillRows(items ?? [], column);
  return <Descriptions size="small" bordered column={column} items={items} />;
}
