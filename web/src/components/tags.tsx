import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseStatus, DisposalClass, Origin } from '../api/types';
import { DISPOSAL_COLORS, STATUS_COLORS } from '../lib/status';
import { disposalName, disposalNone, statusName } from '../lib/kinds';

export function StatusTag({ status, kind }: { status: CaseStatus; kind?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {statusName(t, kind, status)}
    </Tag>
  );
}

export function DisposalTag({ value, kind }: { value: DisposalClass | string | null; kind?: string }) {
  const { t } = useTranslation();
  if (!value) return <span className="muted">{disposalNone(t, kind)}</span>;
  // another item kind's choices (积水点: 疏通清淤 …) in its own words
  return (
    <Tag color={DISPOSAL_COLORS[value as DisposalClass] ?? 'cyan'} variant="outlined" style={{ marginInlineEnd: 0 }}>
      {disposalName(t, value)}
    </Tag>
  );
}

export function OriginTag({ value }: { value: Origin }) {
  const { t } = useTranslation();
  return (
    <Tag color={value === 'new' ? 'red' : 'default'} variant="filled" style={{ marginInlineEnd: 0 }}>
      {t(`origin.${value}`)}
    </Tag>
  );
}

export function StatusDot({ status, size = 10 }: { status: CaseStatus; size?: number }) {
  return (
    <span
      style={{
        display: 'inline-block',
        width: size,
        height: size,
        borderRadius: '50%',
        background: STATUS_COLORS[status],
        border: '1.5px solid #fff',
        boxShadow: '0 0 0 1px rgba(0,0,0,0.25)',
        flex: 'none',
      }}
    />
  );
}
