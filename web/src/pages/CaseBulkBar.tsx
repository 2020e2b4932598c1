import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, App as AntApp, Button, DatePicker, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableRowSelection } from 'antd/es/table/interface';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { CaseSummary } from '../api/types';
import { useUser } from '../auth/AuthContext';
import type { ApiBody } from '../api/types';

type BulkAction = 'verify' | 'assign' | 'set_deadline';

type BulkResult = ApiBody<'/api/cases/bulk-actions', 'post'>;
type Assignees = ApiBody<'/api/assignees'>;

/** Departments cases are commonly handed to (the accounts that exist are added from the server). */
const KNOWN_DEPARTMENTS = ['自然资源和规划局', '综合行政执法局', '住房和城乡建设局', '农业农村局', '国网平湖市供电公司', '中国电信平湖分公司', '中国移动平湖分公司'];

/**
 * Row selection and the bulk bar of the case list (批量办理): verify, assign (to a person or as a
 * department task) and set deadlines on the selected cases; the server answers per case and the
 * result dialog lists every case's outcome, refusals with their reasons.
 */
export function useCaseBulk(rows: CaseSummary[], onDone: () => void): { rowSelection?: TableRowSelection<CaseSummary>; bar: ReactNode } {
  const user = useUser();
  const office = user.role === 'town_officer' || user.role === 'city_office';
  const [selected, setSelected] = useState<Map<string, CaseSummary>>(new Map());
  // a reloaded page brings new versions: keep the selected rows current
  useEffect(() => {
    setSelected((prev) => {
      if (prev.size === 0) return prev;
      const next = new Map(prev);
      for (const r of rows) if (next.has(r.id)) next.set(r.id, r);
      return next;
    });
  }, [rows]);
  if (!office) return { bar: null };
  const rowSelection: TableRowSelection<CaseSummary> = {
    selectedRowKeys: [...selected.keys()],
    preserveSelectedRowKeys: true,
    columnWidth: 36,
    onChange: (keys, picked) => {
      const next = new Map<string, CaseSummary>();
      const byId = new Map(picked.filter(Boolean).map((r) => [r.id, r]));
      for (const k of keys) {
        const r = byId.get(String(k)) ?? selected.get(String(k));
        if (r) next.set(r.id, r);
      }
      setSelected(next);
    },
  };
  const bar = (
    <CaseBulkBar
      selected={[...selected.values()]}
      onClear={() => setSelected(new Map())}
      onDone={() => {
        setSelected(new Map());
        onDone();
      }}
    />
  );
  return { rowSelection, bar };
}

export default function CaseBulkBar({ selected, onClear, onDone }: { selected: CaseSummary[]; onClear: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState<BulkAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BulkResult | null>(null);
  const [who, setWho] = useState<Assignees | null>(null);
  const [form] = Form.useForm();
  const target = Form.useWatch('target', form) as 'person' | 'department' | undefined;
  const caseNos = useMemo(() => new Map(selected.map((c) => [c.id, c.caseNo])), [selected]);

  useEffect(() => {
    if (open === 'assign' && !who) api<Assignees>('/api/assignees').then(setWho, () => setWho({ people: [], departments: [] }));
  }, [open, who]);

  if (selected.length === 0 && !result) return null;

  const submit = async () => {
    const v = open === 'verify' ? {} : await form.validateFields();
    const body: Record<string, unknown> = { action: open, items: selected.map((c) => ({ id: c.id, version: c.version })) };
    if (open === 'assign' && v.target === 'person') body.assigneeId = v.assigneeId;
    if (open === 'assign' && v.target === 'department') Object.assign(body, { department: v.department, title: v.title, deadline: v.deadline.format('YYYY-MM-DD') });
    if (open === 'set_deadline') body.deadline = v.deadline.format('YYYY-MM-DD');
    if (v.note) body.note = v.note;
    setBusy(true);
    try {
      const r = await api<BulkResult>('/api/cases/bulk-actions', { method: 'POST', body });
      setOpen(null);
      form.resetFields();
      setResult(r);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const departments = [...new Set([...(who?.departments ?? []), ...KNOWN_DEPARTMENTS])];
  return (
    <>
      {selected.length > 0 ? (
        <div
          className="bulk-bar"
          data-testid="bulk-bar"
          style={{ display: 'flex', alignItems: 'center', gap: 12, padding: '8px 12px', background: '#e6f4ff', borderBottom: '1px solid #91caff' }}
        >
          <Typography.Text strong>{t('wf.bulk.selected', { count: selected.length })}</Typography.Text>
          <Space wrap size={8}>
            <Button type="primary" size="small" onClick={() => setOpen('verify')}>
              {t('wf.bulk.verify')}
            </Button>
            <Button size="small" onClick={() => (form.resetFields(), form.setFieldsValue({ target: 'person' }), setOpen('assign'))}>
              {t('wf.bulk.assign')}
            </Button>
            <Button size="small" onClick={() => (form.resetFields(), setOpen('set_deadline'))}>
              {t('wf.bulk.setDeadline')}
            </Button>
            <Button size="small" type="link" onClick={onClear}>
              {t('wf.bulk.clear')}
            </Button>
          </Space>
        </div>
      ) : null}
      <Modal
        open={open !== null}
        title={open ? `${t(`wf.bulk.name.${open}`)} · ${t('wf.bulk.selected', { count: selected.length })}` : ''}
        onCancel={() => setOpen(null)}
        onOk={submit}
        confirmLoading={busy}
        okText={t('act.submit')}
        cancelText={t('dup.cancel')}
        destroyOnHidden
      >
        {open === 'verify' ? <Typography.Paragraph>{t('wf.bulk.verifyHint')}</Typography.Paragraph> : null}
        <Form form={form} layout="vertical">
          {open === 'assign' ? (
            <>
              <Form.Item name="target" label={t('wf.bulk.target')}>
                <Radio.Group
                  options={[
                    { value: 'person', label: t('wf.bulk.toPerson') },
                    { value: 'department', label: t('wf.bulk.toDepartment') },
                  ]}
                />
              </Form.Item>
              {target === 'department' ? (
                <>
                  <Form.Item name="department" label={t('task.department')} rules={[{ required: true, message: t('act.required') }]}>
                    <Select showSearch options={departments.map((d) => ({ value: d, label: d }))} />
                  </Form.Item>
                  <Form.Item name="title" label={t('wf.bulk.taskTitle')} rules={[{ required: true, message: t('act.required') }]}>
                    <Input placeholder={t('task.titleHint')} maxLength={200} />
                  </Form.Item>
                  <Form.Item name="deadline" label={t('task.deadline')} rules={[{ required: true, message: t('act.required') }]}>
                    <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} style={{ width: '100%' }} />
                  </Form.Item>
                </>
              ) : (
                <Form.Item name="assigneeId" label={t('wf.bulk.person')} rules={[{ required: true, message: t('act.required') }]} extra={t('wf.bulk.personHint')}>
                  <Select
                    showSearch
                    loading={!who}
                    optionFilterProp="label"
                    data-testid="bulk-person"
                    options={(who?.people ?? []).map((p) => ({ value: p.id, label: `${p.displayName}(${t(`wf.role.${p.role}`)} · ${p.divisionName})` }))}
                  />
                </Form.Item>
              )}
            </>
          ) : null}
          {open === 'set_deadline' ? (
            <Form.Item name="deadline" label={t('task.deadline')} rules={[{ required: true, message: t('act.required') }]} extra={t('wf.bulk.deadlineHint')}>
              <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} style={{ width: '100%' }} />
            </Form.Item>
          ) : null}
          {open === 'assign' || open === 'set_deadline' ? (
            <Form.Item name="note" label={t('wf.bulk.note')}>
              <Input maxLength={200} />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
      <Modal
        open={result !== null}
        width={760}
        title={result ? t('wf.bulk.resultTitle', { action: t(`wf.bulk.name.${result.action}`) }) : ''}
        onCancel={() => (setResult(null), onDone())}
        footer={
          <Button type="primary" onClick={() => (setResult(null), onDone())}>
            {t('wf.bulk.close')}
          </Button>
        }
      >
        {result ? (
          <div data-testid="bulk-result">
            <Alert
              style={{ marginBottom: 12 }}
              type={result.failed === 0 ? 'success' : result.succeeded === 0 ? 'error' : 'warning'}
              showIcon
              message={t('wf.bulk.summary', { ok: result.succeeded, failed: result.failed })}
            />
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              scroll={{ y: 420 }}
              dataSource={result.results}
              columns={[
                { title: t('wf.bulk.caseNo'), key: 'caseNo', width: 170, render: (_, r) => <span className="mono">{r.caseNo ?? caseNos.get(r.id) ?? r.id.slice(0, 8)}</span> },
                {
                  title: t('wf.bulk.outcome'),
                  key: 'ok',
                  width: 90,
                  render: (_, r) => (r.ok ? <Tag color="green">{t('wf.bulk.ok')}</Tag> : <Tag color="red">{t('wf.bulk.refused')}</Tag>),
                },
                {
                  title: t('wf.bulk.detail'),
                  key: 'detail',
                  render: (_, r) => (r.ok ? t('wf.bulk.nowStatus', { status: t(`status.${r.status}`) }) : <Typography.Text type="danger">{r.message}</Typography.Text>),
                },
              ]}
            />
          </div>
        ) : null}
      </Modal>
    </>
  );
}
