import { useEffect, useRef, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Form, Input, InputNumber, List, Popconfirm, Row, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { fmtDateTime } from '../../lib/format';
import { errorMessage } from '../../lib/errors';
import type { ApiBody } from '../../api/types';
import { DISPOSAL_CLASSES } from '../../../../shared/enums';
import { ruleSetChanges } from '../../../../shared/disposal-rules';
import RuleConditionEditor from './RuleConditionEditor';
import RuleTrial from './RuleTrial';
import {
  localProblems,
  newRuleId,
  nextKey,
  placeProblems,
  toDrafts,
  toRules,
  type CondRow,
  type PlacedProblem,
  type RuleDraft,
  type ServerProblem,
  type StoredRule,
} from './rulesDraft';

type RuleSet = ApiBody<'/api/settings/disposal-rules'>;
/** A change of the set: the audit record's before and after are the whole set at each version. */
type HistoryItem = Omit<ApiBody<'/api/settings/disposal-rules/history'>['items'][number], 'before' | 'after'> & {
  before: { version: number; rules: StoredRule[] };
  after: { version: number; rules: StoredRule[] };
};

/**
 * The admin's editor of the disposal rule set (处置建议规则) as a form: each rule's priority, suggestion,
 * reason and conditions ("字段 比较 值" in zh-CN), checked as a whole on the server and saved as a new
 * version; the server's problems stand beside what they concern; the history says each change in words.
 */
export default function RulesPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [set, setSet] = useState<RuleSet | null>(null);
  const [drafts, setDrafts] = useState<RuleDraft[]>([]);
  const [problems, setProblems] = useState<PlacedProblem[]>([]);
  const [history, setHistory] = useState<HistoryItem[]>([]);
  const [busy, setBusy] = useState(false);
  const draftsRef = useRef(drafts);
  draftsRef.current = drafts;

  const load = async () => {
    const s = await api<RuleSet>('/api/settings/disposal-rules');
    setSet(s);
    setDrafts(toDrafts(s.rules as StoredRule[]));
    setProblems([]);
    setHistory((await api<{ items: HistoryItem[] }>('/api/settings/disposal-rules/history')).items);
  };
  useEffect(() => {
    load().catch((e) => message.error(errorMessage(e, t)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  /** Edits one rule; the problems of the part edited are taken back (the server says again on save). */
  const patch = (key: number, p: Partial<RuleDraft>, part: string) => {
    setDrafts((ds) => ds.map((d) => (d.key === key ? { ...d, ...p } : d)));
    setProblems((ps) => ps.filter((x) => !(x.rule === key && x.field === part)));
  };
  const setConds = (d: RuleDraft, conds: CondRow[]) => patch(d.key, { conds }, 'when');
  /** Up/down: the rule changes place with its neighbour and takes its priority, so the list stays the order of strength. */
  const move = (i: number, by: -1 | 1) =>
    setDrafts((ds) => {
      const j = i + by;
      if (j < 0 || j >= ds.length) return ds;
      const out = [...ds];
      const [a, b] = [out[i], out[j]];
      out[i] = { ...b, priority: a.priority };
      out[j] = { ...a, priority: b.priority };
      return out;
    });
  const addRule = () =>
    setDrafts((ds) => [
      ...ds,
      {
        key: nextKey(),
        id: newRuleId(ds),
        priority: Math.max(0, (ds.at(-1)?.priority ?? 20) - 10),
        suggest: 'demolish',
        reason: '',
        conds: [{ key: nextKey(), field: null, op: 'eq', value: null }],
      },
    ]);

  /** The set to send, or null (and the form's own problems shown) while something is not filled in. */
  const ready = (): StoredRule[] | null => {
    const ds = draftsRef.current;
    const local = localProblems(ds, { noPriority: t('wf.rules.noPriority'), pickField: t('wf.rules.pickField') });
    if (local.length) {
      setProblems(local);
      return null;
    }
    return toRules(ds);
  };
  const showServer = (ps: ServerProblem[]) => setProblems(placeProblems(draftsRef.current, ps));

  const save = async () => {
    const rules = ready();
    if (!rules) return;
    setBusy(true);
    try {
      const s = await api<RuleSet>('/api/settings/disposal-rules', { method: 'PUT', body: { version: set!.version, rules } });
      message.success(t('wf.rules.saved', { v: s.version }));
      await load();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'settings.invalid_rules') showServer(((e.details as { problems?: ServerProblem[] })?.problems ?? []) as ServerProblem[]);
      else if (e instanceof ApiError && e.code === 'settings.version_conflict') {
        message.warning(t('wf.rules.conflict'));
        await load();
      } else message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };

  const setLevel = problems.filter((p) => p.rule === null);
  const of = (d: RuleDraft, field: string) => problems.filter((p) => p.rule === d.key && p.field === field);
  const help = (ps: PlacedProblem[]) => (ps.length ? { validateStatus: 'error' as const, help: ps.map((p) => p.message).join(';') } : {});

  return (
    <div className="page" data-testid="rules-page" style={{ padding: 16 }}>
      <Space align="baseline" wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('wf.rules.title')}
        </Typography.Title>
        {set ? <Tag color={set.isDefault ? 'default' : 'blue'}>{set.isDefault ? t('wf.rules.builtIn') : t('wf.rules.version', { v: set.version })}</Tag> : null}
        {set?.updatedAt ? <span className="muted">{t('wf.rules.updated', { by: set.updatedBy ?? '', at: fmtDateTime(set.updatedAt) })}</span> : null}
      </Space>
      <Typography.Paragraph type="secondary">{t('wf.rules.intro')}</Typography.Paragraph>
      <Row gutter={16} wrap={false}>
        <Col flex="auto" style={{ minWidth: 0 }}>
          {problems.length ? (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="rules-problems"
              title={t('wf.rules.invalid')}
              description={
                <>
                  {t('wf.rules.invalidCount', { n: problems.length })}
                  {setLevel.length ? (
                    <ul style={{ margin: 0, paddingLeft: 18 }}>
                      {setLevel.map((p) => (
                        <li key={p.message}>{p.message}</li>
                      ))}
                    </ul>
                  ) : null}
                </>
              }
            />
          ) : null}
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {!set ? <Card loading /> : null}
            {drafts.map((d, i) => {
              const other = of(d, 'id').concat(problems.filter((p) => p.rule === d.key && p.field === null));
              return (
                <Card
                  key={d.key}
                  size="small"
                  data-testid="rule-card"
                  style={problems.some((p) => p.rule === d.key) ? { borderColor: '#ff4d4f' } : undefined}
                  title={
                    <Space>
                      <span>{t('wf.rules.ruleNo', { n: i + 1 })}</span>
                      <Tag color={d.suggest === 'demolish' ? 'red' : d.suggest === 'remedy' ? 'blue' : 'gold'}>{t(`disposalClass.${d.suggest}`)}</Tag>
                    </Space>
                  }
                  extra={
                    <Space size={0}>
                      <Tooltip title={t('wf.rules.moveUp')}>
                        <Button type="text" icon={<ArrowUpOutlined />} aria-label={t('wf.rules.moveUp')} disabled={i === 0} onClick={() => move(i, -1)} />
                      </Tooltip>
                      <Tooltip title={t('wf.rules.moveDown')}>
                        <Button type="text" icon={<ArrowDownOutlined />} aria-label={t('wf.rules.moveDown')} disabled={i === drafts.length - 1} onClick={() => move(i, 1)} />
                      </Tooltip>
                      <Popconfirm title={t('wf.rules.removeConfirm')} onConfirm={() => setDrafts((ds) => ds.filter((x) => x.key !== d.key))}>
                        <Button type="text" danger icon={<DeleteOutlined />} data-testid="rule-remove">
                          {t('wf.rules.remove')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  }
                >
                  <Form layout="vertical" component={false}>
                    <Space wrap align="start" size={16}>
                      <Form.Item label={t('wf.rules.priority')} extra={t('wf.rules.priorityHint')} style={{ marginBottom: 8 }} {...help(of(d, 'priority'))}>
                        <InputNumber<number>
                          data-testid="rule-priority"
                          style={{ width: 110 }}
                          precision={0}
                          value={d.priority}
                          onChange={(v) => patch(d.key, { priority: typeof v === 'number' ? v : null }, 'priority')}
                        />
                      </Form.Item>
                      <Form.Item label={t('wf.rules.suggest')} style={{ marginBottom: 8 }} {...help(of(d, 'suggest'))}>
                        <Select
                          data-testid="rule-suggest"
                          style={{ width: 130 }}
                          value={d.suggest}
                          onChange={(v) => patch(d.key, { suggest: v }, 'suggest')}
                          options={DISPOSAL_CLASSES.map((c) => ({ value: c, label: t(`disposalClass.${c}`) }))}
                        />
                      </Form.Item>
                    </Space>
                    <Form.Item label={t('wf.rules.reason')} style={{ marginBottom: 8 }} {...help(of(d, 'reason'))}>
                      <Input.TextArea
                        data-testid="rule-reason"
                        autoSize
                        maxLength={200}
                        placeholder={t('wf.rules.reasonPlaceholder')}
                        value={d.reason}
                        onChange={(e) => patch(d.key, { reason: e.target.value }, 'reason')}
                      />
                    </Form.Item>
                    <RuleConditionEditor draft={d} problems={of(d, 'when')} onChange={(conds) => setConds(d, conds)} />
                  </Form>
                  {other.length ? <Typography.Text type="danger">{other.map((p) => p.message).join(';')}</Typography.Text> : null}
                </Card>
              );
            })}
          </Space>
          <Space wrap style={{ marginTop: 12 }}>
            <Button icon={<PlusOutlined />} onClick={addRule} data-testid="rule-add">
              {t('wf.rules.add')}
            </Button>
            <Button
              onClick={() => {
                if (!set) return;
                setDrafts(toDrafts(set.defaults as StoredRule[]));
                setProblems([]);
              }}
            >
              {t('wf.rules.reset')}
            </Button>
            <Button type="primary" loading={busy} onClick={save} data-testid="rules-save">
              {t('wf.rules.save')}
            </Button>
          </Space>
        </Col>
        <Col flex="360px">
          <RuleTrial rules={ready} onProblems={showServer} />
          <Card size="small" title={t('wf.rules.history')} style={{ marginTop: 16 }} data-testid="rules-history">
            <List
              size="small"
              dataSource={history}
              locale={{ emptyText: t('wf.rules.noHistory') }}
              renderItem={(h) => {
                const changes = ruleSetChanges(h.before.rules, h.after.rules);
                return (
                  <List.Item style={{ display: 'block' }}>
                    <Typography.Text strong>{t('wf.rules.historyHead', { at: fmtDateTime(h.at), by: h.by ?? '', from: h.before.version, to: h.after.version })}</Typography.Text>
                    <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
                      {changes.length ? changes.map((c) => <li key={c}>{c}</li>) : <li className="muted">{t('wf.rules.noChange')}</li>}
                    </ul>
                  </List.Item>
                );
              }}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
