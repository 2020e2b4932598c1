import { Button, Form, InputNumber, Select, Space, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { RULE_FIELD_KEYS, RULE_FIELDS, RULE_OP_LABELS, type ChoiceField, type RuleField, type RuleFieldKey } from '../../../../shared/disposal-rules';
import { freeOps, nextKey, withField, withOp, type CondRow, type PlacedProblem, type RuleDraft } from './rulesDraft';

/** The value widget of a row: a number with its unit, one choice (等于) or several (属于), in zh-CN labels. */
function ValueInput({ row, onChange, status }: { row: CondRow; onChange: (v: CondRow['value']) => void; status?: 'error' }) {
  const { t } = useTranslation();
  if (!row.field) return <Select disabled style={{ width: 240 }} placeholder={t('wf.rules.pickValue')} />;
  const d: RuleField = RULE_FIELDS[row.field];
  if (d.kind === 'number')
    return (
      <InputNumber<number>
        data-testid="cond-value"
        status={status}
        style={{ width: 240 }}
        value={typeof row.value === 'number' ? row.value : null}
        placeholder={t('wf.rules.enterNumber')}
        suffix={d.unit}
        onChange={(v) => onChange(typeof v === 'number' ? v : null)}
      />
    );
  const c = d as ChoiceField;
  // the values are codes (and true/false); the Select carries their text and shows the zh-CN label
  const options = c.values.map((v) => ({ value: String(v), label: c.labels[String(v)] }));
  const back = (s: string) => c.values.find((v) => String(v) === s) as string | boolean;
  if (row.op === 'in')
    return (
      <Select
        data-testid="cond-value"
        status={status}
        mode="multiple"
        style={{ width: 240 }}
        placeholder={t('wf.rules.pickValues')}
        options={options}
        value={Array.isArray(row.value) ? row.value.map(String) : []}
        onChange={(vs: string[]) => onChange(vs.map(back))}
      />
    );
  return (
    <Select
      data-testid="cond-value"
      status={status}
      style={{ width: 240 }}
      placeholder={t('wf.rules.pickValue')}
      options={options}
      value={row.value === null || row.value === undefined || Array.isArray(row.value) ? undefined : String(row.value)}
      onChange={(s: string) => onChange(back(s))}
    />
  );
}

/**
 * A rule's conditions as rows "字段 比较 值": the field from the case facts a rule may test, the comparisons
 * that field allows, the value in its own words; the server's problem for a condition under its row.
 */
export default function RuleConditionEditor({ draft, problems, onChange }: { draft: RuleDraft; problems: PlacedProblem[]; onChange: (conds: CondRow[]) => void }) {
  const { t } = useTranslation();
  const set = (row: CondRow) => onChange(draft.conds.map((c) => (c.key === row.key ? row : c)));
  // a field is offered while one of its comparisons is still free in this rule
  const fieldFree = (row: CondRow, f: RuleFieldKey) => row.field === f || freeOps(draft, row, f).length > 0;
  const ruleLevel = problems.filter((p) => p.field === 'when' && p.cond === null);
  return (
    <div data-testid="rule-conditions">
      <Typography.Text strong>{t('wf.rules.when')}</Typography.Text>
      {draft.conds.length === 0 ? (
        <div className="muted" style={{ margin: '4px 0' }}>
          {t('wf.rules.noConditions')}
        </div>
      ) : null}
      {draft.conds.map((row) => {
        const mine = problems.filter((p) => p.cond === row.key);
        const status = mine.length ? ('error' as const) : undefined;
        return (
          <Form.Item key={row.key} style={{ margin: '6px 0' }} validateStatus={status} help={mine.length ? mine.map((p) => p.message).join(';') : undefined} data-testid="cond-row">
            <Space wrap size={6}>
              <Select<RuleFieldKey>
                data-testid="cond-field"
                aria-label={t('wf.rules.field')}
                status={row.field ? undefined : status}
                style={{ width: 170 }}
                placeholder={t('wf.rules.pickField')}
                value={row.field ?? undefined}
                onChange={(f) => set(withField(draft, row, f))}
                options={RULE_FIELD_KEYS.map((f) => ({ value: f, label: RULE_FIELDS[f].label, disabled: !fieldFree(row, f) }))}
              />
              <Select
                data-testid="cond-op"
                aria-label={t('wf.rules.op')}
                style={{ width: 90 }}
                disabled={!row.field}
                value={row.field ? row.op : undefined}
                onChange={(op) => set(withOp(row, op))}
                options={(row.field ? [...new Set([row.op, ...freeOps(draft, row, row.field)])] : []).map((op) => ({ value: op, label: RULE_OP_LABELS[op] }))}
              />
              <ValueInput row={row} status={status} onChange={(value) => set({ ...row, value })} />
              <Tooltip title={t('wf.rules.removeCondition')}>
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('wf.rules.removeCondition')}
                  data-testid="cond-remove"
                  onClick={() => onChange(draft.conds.filter((c) => c.key !== row.key))}
                />
              </Tooltip>
            </Space>
          </Form.Item>
        );
      })}
      {ruleLevel.length ? (
        <Typography.Text type="danger" data-testid="rule-when-problem">
          {ruleLevel.map((p) => p.message).join(';')}
        </Typography.Text>
      ) : null}
      <div>
        <Button
          size="small"
          type="dashed"
          icon={<PlusOutlined />}
          data-testid="cond-add"
          style={{ marginTop: 4 }}
          onClick={() => onChange([...draft.conds, { key: nextKey(), field: null, op: 'eq', value: null }])}
        >
          {t('wf.rules.addCondition')}
        </Button>
      </div>
    </div>
  );
}
