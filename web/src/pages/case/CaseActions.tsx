import { useState } from 'react';
import { Alert, App as AntApp, Button, DatePicker, Form, Input, Modal, Radio, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { caseAction } from '../../api/endpoints';
import type { CaseDetail } from '../../api/types';
import { actionName, disposalChoices, disposalHeading } from '../../lib/kinds';

type Action = 'verify' | 'reject' | 'classify' | 'start_rectification' | 'request_closing' | 'approve_closing' | 'return_closing' | 'reopen';
const DANGER = new Set<Action>(['reject', 'return_closing']);
const PRIMARY = new Set<Action>(['verify', 'classify', 'start_rectification', 'request_closing', 'approve_closing']);

/** The workflow actions this user may take on the case now, each a small form; the server decides. */
export function CaseActions({ c, onDone }: { c: CaseDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const actions = c.allowedActions.filter((a): a is Action => a !== 'review_due');
  const cls = Form.useWatch('disposalClass', form) as string | undefined;
  const suggested = c.suggestion?.disposalClass ?? null;

  const submit = async () => {
    const v = await form.validateFields();
    const body: Record<string, unknown> = { action: open, version: c.version };
    for (const [k, val] of Object.entries(v)) {
      if (val === undefined || val === null || val === '') continue;
      body[k] = dayjs.isDayjs(val) ? val.format('YYYY-MM-DD') : val;
    }
    setBusy(true);
    try {
      await caseAction(c.id, body as { action: string; version: number });
      message.success(t('act.done', { action: actionName(t, c.kind, open ?? '') }));
      setOpen(null);
      form.resetFields();
      onDone();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  if (actions.length === 0) return <span className="muted">{t('act.none')}</span>;
  return (
    <div data-testid="case-actions">
      <Space wrap>
        {actions.map((a) => (
          <Button
            key={a}
            type={PRIMARY.has(a) ? 'primary' : 'default'}
            danger={DANGER.has(a)}
            onClick={() => (form.resetFields(), form.setFieldsValue(a === 'classify' && suggested ? { disposalClass: suggested } : {}), setOpen(a))}
          >
            {actionName(t, c.kind, a)}
          </Button>
        ))}
      </Space>
      <Modal
        open={open !== null}
        title={open ? `${actionName(t, c.kind, open)} · ${c.caseNo}` : ''}
        onCancel={() => setOpen(null)}
        onOk={submit}
        confirmLoading={busy}
        okText={t('act.submit')}
        cancelText={t('dup.cancel')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" requiredMark>
          {open === 'verify' ? (
            <Form.Item name="deadline" label={t('act.deadline')} extra={t('act.deadlineHint')}>
              <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} style={{ width: '100%' }} />
            </Form.Item>
          ) : null}
          {open === 'classify' ? (
            <>
              {c.suggestion?.reasons.length ? (
                <Alert
                  type="info"
                  showIcon
                  style={{ marginBottom: 12 }}
                  message={t('act.suggestion', { cls: t(`disposalClass.${suggested}`) })}
                  description={
                    <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                      {c.suggestion.reasons.map((r) => (
                        <li key={r.ruleId}>
                          {r.reason}({t(`disposalClass.${r.suggest}`)})
                        </li>
                      ))}
                    </ul>
                  }
                />
              ) : null}
              <Form.Item name="disposalClass" label={disposalHeading(t, c.kind)} rules={[{ required: true, message: t('act.required') }]}>
                <Radio.Group optionType="button" options={disposalChoices(t, c.kind).map(([k, label]) => ({ value: k, label }))} />
              </Form.Item>
              {cls === 'remedy' ? (
                <Form.Item name="remedyRef" label={t('case.remedyRef')} rules={[{ required: true, message: t('act.required') }]}>
                  <Input placeholder="平自然资规〔2026〕12号" />
                </Form.Item>
              ) : null}
              {cls === 'defer' ? (
                <>
                  <Form.Item name="deferReason" label={t('case.deferReason')} rules={[{ required: true, message: t('act.required') }]}>
                    <Input.TextArea rows={2} />
                  </Form.Item>
                  <Form.Item name="reviewDate" label={t('case.reviewDate')} rules={[{ required: true, message: t('act.required') }]}>
                    <DatePicker disabledDate={(d) => !d.isAfter(dayjs(), 'day')} style={{ width: '100%' }} />
                  </Form.Item>
                </>
              ) : null}
              {cls && suggested && cls !== suggested ? (
                <Form.Item name="reason" label={t('act.overrideReason')} rules={[{ required: true, message: t('act.required') }]}>
                  <Input.TextArea rows={2} />
                </Form.Item>
              ) : null}
              {cls && cls !== 'defer' ? (
                <Form.Item name="deadline" label={t('act.deadline')} extra={t('act.deadlineHint')}>
                  <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} style={{ width: '100%' }} />
                </Form.Item>
              ) : null}
            </>
          ) : null}
          {open === 'reject' ? (
            <>
              <Form.Item name="reason" label={t('act.reason')} rules={[{ required: true, message: t('act.required') }]}>
                <Input.TextArea rows={2} placeholder={t('act.rejectHint')} />
              </Form.Item>
              {c.duplicateCandidates.some((d) => d.visible) ? (
                <Form.Item name="duplicateOf" label={t('act.duplicateOf')}>
                  <Select
                    allowClear
                    options={c.duplicateCandidates
                      .filter((d) => d.visible)
                      .map((d) => ({ value: d.caseId, label: `${d.caseNo}(${t('dup.distance', { m: Math.round(d.distanceM) })})` }))}
                  />
                </Form.Item>
              ) : null}
            </>
          ) : null}
          {open === 'return_closing' || open === 'reopen' ? (
            <Form.Item name="reason" label={t('act.reason')} rules={[{ required: true, message: t('act.required') }]}>
              <Input.TextArea rows={2} placeholder={open === 'reopen' ? (c.kind === 'waterlogging' ? '如：再次积水，深约 30 厘米' : t('act.reopenHint')) : undefined} />
            </Form.Item>
          ) : null}
          {open === 'start_rectification' || open === 'request_closing' || open === 'approve_closing' ? (
            <Form.Item name="note" label={t('act.note')}>
              <Input.TextArea rows={2} />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
    </div>
  );
}
