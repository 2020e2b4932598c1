import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Input, InputNumber, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { fmtDateTime } from '../../lib/format';
import type { ApiBody } from '../../api/types';

type RuleSet = ApiBody<'/api/settings/disposal-rules'>;
type Rule = RuleSet['rules'][number];
/** A change of the set: the audit record's before and after are the whole set at each version. */
type HistoryItem = Omit<ApiBody<'/api/settings/disposal-rules/history'>['items'][number], 'before' | 'after'> & {
  before: { version: number; rules: Rule[] };
  after: { version: number; rules: Rule[] };
};
/** One row being edited: the conditions as JSON text until saved. */
type Row = Omit<Rule, 'when'> & { key: number; whenText: string };

let nextKey = 1;
const toRows = (rules: Rule[]): Row[] =>
  rules.map((r) => ({ key: nextKey++, id: r.id, priority: r.priority, suggest: r.suggest, reason: r.reason, whenText: JSON.stringify(r.when) }));

/** The admin's editor of the disposal rule set (处置建议规则): edit, check on the server, save as a new version. */
export default function RulesPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [set, setSet] = useState<RuleSet | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const [history, setHistory] = useState<HistoryItem[]>([]);
  const [busy, setBusy] = useState(false);
  const load = async () => {
    const s = await api<RuleSet>('/api/settings/disposal-rules');
    setSet(s);
    setRows(toRows(s.rules));
    setHistory((await api<{ items: HistoryItem[] }>('/api/settings/disposal-rules/history')).items);
  };
  useEffect(() => {
    load().catch((e) => message.error(e instanceof Error ? e.message : String(e)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const patch = (key: number, p: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...p } : r)));

  const save = async () => {
    const bad: string[] = [];
    const rules = rows.map((r, i) => {
      let when: Record<string, unknown> = {};
      try {
        when = JSON.parse(r.whenText || '{}');
      } catch {
        bad.push(t('wf.rules.badJson', { n: i + 1 }));
      }
      return { id: r.id.trim(), priority: r.priority, suggest: r.suggest, reason: r.reason, when };
    });
    if (bad.length) return setProblems(bad);
    setBusy(true);
    try {
      const s = await api<RuleSet>('/api/settings/disposal-rules', { method: 'PUT', body: { version: set!.version, rules } });
      setProblems([]);
      message.success(t('wf.rules.saved', { v: s.version }));
      await load();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'settings.invalid_rules') setProblems(((e.details as { reasons?: string[] })?.reasons ?? [e.message]) as string[]);
      else if (e instanceof ApiError && e.code === 'settings.version_conflict') {
        message.warning(t('wf.rules.conflict'));
        await load();
      } else message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const facts = set
    ? Object.entries(set.facts)
        .map(([k, f]) => `${k}(${f.label})`)
        .join('、')
    : '';
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
      {problems.length ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('wf.rules.invalid')}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="rules-problems">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Table<Row>
        size="small"
        rowKey="key"
        pagination={false}
        loading={!set}
        dataSource={rows}
        columns={[
          { title: t('wf.rules.id'), key: 'id', width: 200, render: (_, r) => <Input value={r.id} onChange={(e) => patch(r.key, { id: e.target.value })} /> },
          {
            title: t('wf.rules.priority'),
            key: 'priority',
            width: 100,
            render: (_, r) => <InputNumber value={r.priority} min={0} max={1000} onChange={(v) => patch(r.key, { priority: Number(v ?? 0) })} />,
          },
          {
            title: t('wf.rules.suggest'),
            key: 'suggest',
            width: 120,
            render: (_, r) => (
              <Select
                value={r.suggest}
                style={{ width: 110 }}
                onChange={(v) => patch(r.key, { suggest: v })}
                options={(['demolish', 'remedy', 'defer'] as const).map((c) => ({ value: c, label: t(`disposalClass.${c}`) }))}
              />
            ),
          },
          { title: t('wf.rules.reason'), key: 'reason', render: (_, r) => <Input.TextArea autoSize value={r.reason} onChange={(e) => patch(r.key, { reason: e.target.value })} /> },
          {
            title: t('wf.rules.when'),
            key: 'when',
            width: 360,
            render: (_, r) => <Input.TextArea autoSize className="mono" value={r.whenText} onChange={(e) => patch(r.key, { whenText: e.target.value })} />,
          },
          {
            key: 'remove',
            width: 70,
            render: (_, r) => (
              <Button size="small" danger type="link" onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
                {t('wf.rules.remove')}
              </Button>
            ),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('wf.rules.whenHint', { facts })}
      </Typography.Paragraph>
      <Space wrap>
        <Button onClick={() => setRows((rs) => [...rs, { key: nextKey++, id: '', priority: 10, suggest: 'demolish', reason: '', whenText: '{}' }])}>{t('wf.rules.add')}</Button>
        <Button onClick={() => set && setRows(toRows(set.defaults))}>{t('wf.rules.reset')}</Button>
        <Button type="primary" loading={busy} onClick={save} data-testid="rules-save">
          {t('wf.rules.save')}
        </Button>
      </Space>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('wf.rules.history')}
      </Typography.Title>
      <List
        size="small"
        dataSource={history}
        locale={{ emptyText: t('wf.rules.noHistory') }}
        renderItem={(h) => (
          <List.Item>{t('wf.rules.historyItem', { at: fmtDateTime(h.at), by: h.by ?? '', from: h.before.version, to: h.after.version, count: h.after.rules.length })}</List.Item>
        )}
      />
    </div>
  );
}
