import { useState } from 'react';
import { Alert, Button, Card, Form, InputNumber, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { ApiBody } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { RULE_FIELD_KEYS, RULE_FIELDS, type ChoiceField, type RuleField } from '../../../../shared/disposal-rules';
import type { ServerProblem, StoredRule } from './rulesDraft';

type Trial = ApiBody<'/api/settings/disposal-rules/trial', 'post'>;

/** What a trial starts from: yes/no facts "否", 安全隐患 低, 新增 (as a case is registered). */
const START: Record<string, string> = { onBasicFarmland: 'false', onCultivatedLand: 'false', safetyRisk: 'low', origin: 'new' };

/**
 * 试算: the admin enters the facts of an imagined building and sees which of the rules being edited match
 * and what they suggest; the server runs the same matching as for a case (nothing is stored).
 */
export default function RuleTrial({ rules, onProblems }: { rules: () => StoredRule[] | null; onProblems: (p: ServerProblem[]) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [result, setResult] = useState<Trial | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    const draft = rules();
    if (!draft) return;
    const v = form.getFieldsValue() as Record<string, unknown>;
    const facts: Record<string, unknown> = {};
    for (const k of RULE_FIELD_KEYS) {
      const d: RuleField = RULE_FIELDS[k];
      const x = v[k];
      if (x === undefined || x === null || x === '') continue;
      facts[k] = d.kind === 'number' ? x : (d as ChoiceField).yesNo ? x === 'true' : x;
    }
    setBusy(true);
    setError(null);
    try {
      setResult(await api<Trial>('/api/settings/disposal-rules/trial', { method: 'POST', body: { rules: draft, facts } }));
    } catch (e) {
      setResult(null);
      if (e instanceof ApiError && e.code === 'settings.invalid_rules') {
        setError(t('wf.rules.trial.invalid'));
        onProblems(((e.details as { problems?: ServerProblem[] })?.problems ?? []) as ServerProblem[]);
      } else setError(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('wf.rules.trial.title')} data-testid="rules-trial">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('wf.rules.trial.intro')}
      </Typography.Paragraph>
      <Form form={form} name="trial" layout="horizontal" size="small" labelCol={{ flex: '120px' }} initialValues={START} onValuesChange={() => setResult(null)}>
        {RULE_FIELD_KEYS.map((k) => {
          const d: RuleField = RULE_FIELDS[k];
          return (
            <Form.Item key={k} name={k} label={d.label} style={{ marginBottom: 6 }}>
              {d.kind === 'number' ? (
                <InputNumber<number> min={0} style={{ width: '100%' }} suffix={d.unit} placeholder={t('wf.rules.trial.unknown')} />
              ) : (
                <Select
                  allowClear={!(d as ChoiceField).yesNo && k !== 'safetyRisk' && k !== 'origin'}
                  placeholder={t('wf.rules.trial.unknown')}
                  options={(d as ChoiceField).values.map((v) => ({ value: String(v), label: (d as ChoiceField).labels[String(v)] }))}
                />
              )}
            </Form.Item>
          );
        })}
        <Button type="primary" ghost block loading={busy} onClick={run} data-testid="rules-trial-run">
          {t('wf.rules.trial.run')}
        </Button>
      </Form>
      {error ? <Alert type="error" showIcon style={{ marginTop: 12 }} title={error} /> : null}
      {result ? (
        <div style={{ marginTop: 12 }} data-testid="rules-trial-result">
          {result.disposalClass ? (
            <Alert type="info" showIcon title={t('wf.rules.trial.suggest', { cls: t(`disposalClass.${result.disposalClass}`) })} />
          ) : (
            <Alert type="warning" showIcon title={t('wf.rules.trial.none')} />
          )}
          {result.matches.length ? (
            <>
              <div style={{ marginTop: 8 }}>{t('wf.rules.trial.matched')}</div>
              <ol style={{ margin: 0, paddingInlineStart: 20 }}>
                {result.matches.map((m) => (
                  <li key={m.rule}>
                    {t('wf.rules.trial.rule', { n: m.rule + 1 })}:{m.reason}({t(`disposalClass.${m.suggest}`)})
                  </li>
                ))}
              </ol>
            </>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
