import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Form, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { ApiBody } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { ALERT_SEVERITIES, ALERT_SEVERITY_LABELS } from '../../../../shared/alerts';

type Rules = ApiBody<'/api/alert-rules'>;
type Rule = Rules['items'][number];

/** One rule: on or off, its severity, each threshold as a number field with its unit, saved with the version read. */
function RuleCard({ rule, onSaved }: { rule: Rule; onSaved: (r: Rules) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    form.setFieldsValue({ enabled: rule.enabled, severity: rule.severity, thresholds: rule.thresholds });
  }, [rule, form]);

  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await api<Rules>('/api/alert-rules', {
        method: 'PUT',
        body: { code: rule.code, enabled: v.enabled, severity: v.severity, thresholds: v.thresholds ?? {}, version: rule.version },
      });
      message.success(t('alerts.saved', { rule: rule.label }));
      onSaved(r);
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      title={rule.label}
      data-testid={`alert-rule-${rule.code}`}
      extra={
        <span className="muted">
          {rule.updatedBy ? t('alerts.updated', { v: rule.version, who: rule.updatedBy, at: fmtDateTime(rule.updatedAt) }) : t('alerts.seeded', { v: rule.version })}
        </span>
      }
      style={{ marginBottom: 12 }}
    >
      <Typography.Paragraph type="secondary">{rule.description}</Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={save}>
        <Form.Item name="enabled" label={t('alerts.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="severity" label={t('alerts.severity')}>
          <Select style={{ width: 90 }} options={ALERT_SEVERITIES.map((s) => ({ value: s, label: ALERT_SEVERITY_LABELS[s] }))} />
        </Form.Item>
        {rule.fields.map((f) => (
          <Form.Item
            key={f.key}
            name={['thresholds', f.key]}
            label={f.label}
            rules={[{ required: true, type: 'number', min: f.min, max: f.max, message: `${f.min}–${f.max} ${f.unit}` }]}
          >
            <InputNumber min={f.min} max={f.max} precision={f.integer ? 0 : undefined} suffix={f.unit} style={{ width: 150 }} data-testid={`threshold-${f.key}`} />
          </Form.Item>
        ))}
        {rule.fields.length === 0 ? (
          <span className="muted" style={{ alignSelf: 'center', marginInlineEnd: 16 }}>
            {t('alerts.noThresholds')}
          </span>
        ) : null}
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid={`save-${rule.code}`}>
            {t('alerts.save')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

/** The administrator's 预警规则 (/admin/alert-rules): what each supervision rule watches and why, and its settings. */
export default function AlertRulesPage() {
  const { t } = useTranslation();
  const [rules, setRules] = useState<Rules | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<Rules>('/api/alert-rules').then(setRules, (e) => setError(errorMessage(e, t)));
  }, [t]);
  return (
    <div className="page" data-testid="alert-rules-page">
      <Card title={t('alerts.rulesTitle')}>
        <Typography.Paragraph type="secondary">{t('alerts.rulesIntro')}</Typography.Paragraph>
        {error ? <Alert type="error" showIcon title={error} /> : null}
        <Space orientation="vertical" style={{ width: '100%' }}>
          {rules?.items.map((r) => (
            <RuleCard key={r.code} rule={r} onSaved={setRules} />
          ))}
        </Space>
      </Card>
    </div>
  );
}
