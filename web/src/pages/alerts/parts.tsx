import { Tag } from 'antd';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import type { AlertSeverity, AlertStatus } from '../../../../shared/alerts';

const SEVERITY_COLORS: Record<AlertSeverity, string> = { high: 'red', medium: 'orange', low: 'gold' };
const STATUS_COLORS: Record<AlertStatus, string> = { open: 'red', under_review: 'processing', dismissed: 'default', confirmed: 'volcano', referred: 'purple' };

export function SeverityTag({ value }: { value: AlertSeverity }) {
  const { t } = useTranslation();
  return (
    <Tag color={SEVERITY_COLORS[value]} variant="solid" style={{ marginInlineEnd: 0 }}>
      {t(`alerts.severities.${value}`, { defaultValue: value })}
    </Tag>
  );
}

export function AlertStatusTag({ value }: { value: AlertStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[value]} style={{ marginInlineEnd: 0 }}>
      {t(`alerts.statuses.${value}`, { defaultValue: value })}
    </Tag>
  );
}

/** A rule's name in the page's language (the pages that call it re-render on a change of language). */
export const ruleLabel = (code: string) => i18next.t(`alerts.ruleNames.${code}`, { defaultValue: code });

/** Whole days since a moment (the alert's age in the inbox). */
export function ageDays(iso: string, now = Date.now()): number {
  return Math.max(0, Math.floor((now - new Date(iso).getTime()) / 86400_000));
}
