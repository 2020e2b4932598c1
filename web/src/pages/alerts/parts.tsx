import { Tag } from 'antd';
import { ALERT_RULE_LABELS, ALERT_SEVERITY_LABELS, ALERT_STATUS_LABELS, type AlertRuleCode, type AlertSeverity, type AlertStatus } from '../../../../shared/alerts';

const SEVERITY_COLORS: Record<AlertSeverity, string> = { high: 'red', medium: 'orange', low: 'gold' };
const STATUS_COLORS: Record<AlertStatus, string> = { open: 'red', under_review: 'processing', dismissed: 'default', confirmed: 'volcano', referred: 'purple' };

export function SeverityTag({ value }: { value: AlertSeverity }) {
  return (
    <Tag color={SEVERITY_COLORS[value]} variant="solid" style={{ marginInlineEnd: 0 }}>
      {ALERT_SEVERITY_LABELS[value]}
    </Tag>
  );
}

export function AlertStatusTag({ value }: { value: AlertStatus }) {
  return (
    <Tag color={STATUS_COLORS[value]} style={{ marginInlineEnd: 0 }}>
      {ALERT_STATUS_LABELS[value]}
    </Tag>
  );
}

export const ruleLabel = (code: string) => ALERT_RULE_LABELS[code as AlertRuleCode] ?? code;

/** Whole days since a moment (the alert's age in the inbox). */
export function ageDays(iso: string, now = Date.now()): number {
  return Math.max(0, Math.floor((now - new Date(iso).getTime()) / 86400_000));
}
