import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, DatePicker, Form, Image, Input, List, Modal, Radio, Select, Space, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { addTask, caseAction, completeTask, replyNotice } from '../api/endpoints';
import { api } from '../api/client';
import type { ApiBody, CaseDetail, CaseTask, Photo, SupervisionNotice } from '../api/types';
import { useUser } from '../auth/AuthContext';
import { fmtDate, fmtDateTime } from '../lib/format';

type Action = 'verify' | 'reject' | 'classify' | 'start_rectification' | 'request_closing' | 'approve_closing' | 'return_closing' | 'reopen';
const DANGER = new Set<Action>(['reject', 'return_closing']);
const PRIMARY = new Set<Action>(['verify', 'classify', 'start_rectification', 'request_closing', 'approve_closing']);

/** Departments a case is commonly handed to (联合执法); any name may be typed. */
const DEPARTMENTS = ['自然资源和规划局', '综合行政执法局', '住房和城乡建设局', '农业农村局', '国网平湖市供电公司', '中国电信平湖分公司', '中国移动平湖分公司'];

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
      message.success(t('act.done', { action: t(`act.name.${open}`) }));
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
          <Button key={a} type={PRIMARY.has(a) ? 'primary' : 'default'} danger={DANGER.has(a)} onClick={() => (form.resetFields(), form.setFieldsValue(a === 'classify' && suggested ? { disposalClass: suggested } : {}), setOpen(a))}>
            {t(`act.name.${a}`)}
          </Button>
        ))}
      </Space>
      <Modal open={open !== null} title={open ? `${t(`act.name.${open}`)} · ${c.caseNo}` : ''} onCancel={() => setOpen(null)} onOk={submit} confirmLoading={busy} okText={t('act.submit')} cancelText={t('dup.cancel')} destroyOnHidden>
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
              <Form.Item name="disposalClass" label={t('case.disposalClass')} rules={[{ required: true, message: t('act.required') }]}>
                <Radio.Group optionType="button" options={(['demolish', 'remedy', 'defer'] as const).map((k) => ({ value: k, label: t(`disposalClass.${k}`) }))} />
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
                  <Select allowClear options={c.duplicateCandidates.filter((d) => d.visible).map((d) => ({ value: d.caseId, label: `${d.caseNo}(${t('dup.distance', { m: Math.round(d.distanceM) })})` }))} />
                </Form.Item>
              ) : null}
            </>
          ) : null}
          {open === 'return_closing' || open === 'reopen' ? (
            <Form.Item name="reason" label={t('act.reason')} rules={[{ required: true, message: t('act.required') }]}>
              <Input.TextArea rows={2} placeholder={open === 'reopen' ? t('act.reopenHint') : undefined} />
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

/** A task's photo as the case API gives it (a photo of the case, linked to the task). */
type TaskPhoto = CaseTask['photos'][number];
type TaskWithPhotos = CaseTask;

/** The result with photos, as multipart (the JSON client does not send files). */
async function completeTaskWithPhotos(taskId: string, result: string, stage: string, files: File[]) {
  const fd = new FormData();
  fd.append('result', result);
  fd.append('stage', stage);
  for (const f of files) fd.append('photo', f, f.name);
  const res = await fetch(`/api/tasks/${taskId}/complete`, { method: 'POST', body: fd, credentials: 'same-origin', headers: { accept: 'application/json' } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error((body as { message?: string } | null)?.message ?? `HTTP ${res.status}`);
  return body;
}

/** The photos a department sent with its task, with their evidence flags. */
function TaskPhotos({ photos }: { photos: TaskPhoto[] }) {
  const { t } = useTranslation();
  if (photos.length === 0) return null;
  return (
    <div className="task-photos" data-testid="task-photos" style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginTop: 6 }}>
      <Image.PreviewGroup>
        {photos.map((p) => (
          <div key={p.id} style={{ width: 150 }}>
            <Image src={p.urls.thumbnail} preview={{ src: p.urls.display }} width={150} height={110} style={{ objectFit: 'cover', borderRadius: 4 }} alt={t(`wf.task.stage.${p.stage === 'after' ? 'after' : 'during'}`)} />
            <div style={{ fontSize: 12, lineHeight: '18px' }}>
              <Tag style={{ marginRight: 4 }}>{t(`wf.task.stage.${p.stage === 'after' ? 'after' : 'during'}`)}</Tag>
              <span className="muted">{p.capturedAt ? fmtDateTime(p.capturedAt) : ''}</span>
            </div>
            {p.evidenceFlags.length ? (
              <Space size={2} wrap>
                {p.evidenceFlags.map((f) => (
                  <Tooltip key={f} title={t(`evidence.hint.${f}`)}>
                    <Tag color={f === 'far_from_case' || f === 'gps_mismatch' || f === 'stale_capture' || f === 'future_capture' ? 'red' : 'default'} style={{ fontSize: 11, marginRight: 0 }}>
                      {t(`evidence.flag.${f}`)}
                    </Tag>
                  </Tooltip>
                ))}
              </Space>
            ) : (
              <Tag color="green" style={{ fontSize: 11 }}>{t('evidence.ok')}</Tag>
            )}
          </div>
        ))}
      </Image.PreviewGroup>
    </div>
  );
}

/** Department tasks (联合执法): the office assigns, the department reports; closing waits for all. */
export function CaseTasks({ c, onDone }: { c: CaseDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = AntApp.useApp();
  const [adding, setAdding] = useState(false);
  const [doing, setDoing] = useState<CaseTask | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [form] = Form.useForm();
  const office = user.role === 'town_officer' || user.role === 'city_office';
  const canAdd = office && !['closed', 'rejected'].includes(c.status);
  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      setAdding(false);
      setDoing(null);
      form.resetFields();
      onDone();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div data-testid="case-tasks">
      <List
        size="small"
        dataSource={c.tasks}
        locale={{ emptyText: t('task.none') }}
        renderItem={(k) => (
          <List.Item
            actions={
              k.status === 'open' && (office || (user.role === 'department' && user.department === k.department))
                ? [
                    <Button key="done" size="small" onClick={() => setDoing(k)}>
                      {t('task.complete')}
                    </Button>,
                  ]
                : undefined
            }
          >
            <List.Item.Meta
              title={
                <Space size={6}>
                  <Tag color={k.status === 'open' ? 'orange' : 'green'}>{t(`task.status.${k.status}`)}</Tag>
                  {k.department} · {k.title}
                </Space>
              }
              description={
                <>
                  {k.status === 'done' ? `${t('task.result')}:${k.result}(${fmtDateTime(k.doneAt)})` : `${t('task.deadline')}:${fmtDate(k.deadline)}`}
                  <TaskPhotos photos={(k as TaskWithPhotos).photos ?? []} />
                </>
              }
            />
          </List.Item>
        )}
      />
      {canAdd ? (
        <Button size="small" style={{ marginTop: 8 }} onClick={() => setAdding(true)}>
          {t('task.add')}
        </Button>
      ) : null}
      <Modal
        open={adding}
        title={t('task.add')}
        onCancel={() => setAdding(false)}
        cancelText={t('dup.cancel')}
        onOk={async () => {
          const v = await form.validateFields();
          await run(() => addTask(c.id, { department: v.department, title: v.title, deadline: v.deadline.format('YYYY-MM-DD') }));
        }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="department" label={t('task.department')} rules={[{ required: true, message: t('act.required') }]}>
            <Select showSearch options={DEPARTMENTS.map((d) => ({ value: d, label: d }))} />
          </Form.Item>
          <Form.Item name="title" label={t('task.title')} rules={[{ required: true, message: t('act.required') }]}>
            <Input placeholder={t('task.titleHint')} />
          </Form.Item>
          <Form.Item name="deadline" label={t('task.deadline')} rules={[{ required: true, message: t('act.required') }]}>
            <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={doing !== null}
        title={doing ? `${t('task.complete')} · ${doing.title}` : ''}
        onCancel={() => setDoing(null)}
        cancelText={t('dup.cancel')}
        onOk={async () => {
          const v = await form.validateFields();
          await run(() => (files.length ? completeTaskWithPhotos(doing!.id, v.result, v.stage ?? 'during', files) : completeTask(doing!.id, v.result)));
          setFiles([]);
        }}
        afterOpenChange={(o) => o || setFiles([])}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ stage: 'during' }}>
          <Form.Item name="result" label={t('task.result')} rules={[{ required: true, message: t('act.required') }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item label={t('wf.task.photos')} extra={t('wf.task.photosHint')}>
            <input type="file" accept="image/jpeg,image/png,image/heic" multiple data-testid="task-photo-input" onChange={(e) => setFiles(Array.from(e.target.files ?? []).slice(0, 10))} />
          </Form.Item>
          {files.length ? (
            <Form.Item name="stage" label={t('wf.task.photoStage')}>
              <Radio.Group options={[{ value: 'during', label: t('wf.task.stage.during') }, { value: 'after', label: t('wf.task.stage.after') }]} />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
    </div>
  );
}

/** Supervision notices (督办单) on the case, with the reply for open ones. */
export function CaseNotices({ c, onDone }: { c: CaseDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = AntApp.useApp();
  const [replying, setReplying] = useState<SupervisionNotice | null>(null);
  const [text, setText] = useState('');
  const office = user.role === 'town_officer' || user.role === 'city_office';
  return (
    <div data-testid="case-notices">
      <List
        size="small"
        dataSource={c.notices}
        renderItem={(n) => (
          <List.Item
            actions={
              n.status === 'open' && office
                ? [
                    <Button key="r" size="small" type="primary" onClick={() => (setText(''), setReplying(n))}>
                      {t('notice.reply')}
                    </Button>,
                  ]
                : undefined
            }
          >
            <List.Item.Meta
              title={
                <Space size={6} wrap>
                  <Tag color={n.level === 'city' ? 'red' : 'orange'}>{t(`notice.level.${n.level}`)}</Tag>
                  <span className="mono">{n.noticeNo}</span>
                  <Tag>{t(`notice.status.${n.status}`)}</Tag>
                </Space>
              }
              description={
                <>
                  <div>{n.reason}</div>
                  <div className="muted">
                    {t('notice.issued')} {fmtDateTime(n.issuedAt)} · {t('notice.replyDue')} {fmtDate(n.replyDue)}
                  </div>
                  {n.replyText ? (
                    <Typography.Paragraph style={{ margin: '4px 0 0' }}>
                      {t('notice.replied')}:{n.replyText}({fmtDateTime(n.repliedAt)})
                    </Typography.Paragraph>
                  ) : null}
                </>
              }
            />
          </List.Item>
        )}
      />
      <Modal
        open={replying !== null}
        title={replying ? `${t('notice.reply')} · ${replying.noticeNo}` : ''}
        onCancel={() => setReplying(null)}
        cancelText={t('dup.cancel')}
        okButtonProps={{ disabled: !text.trim() }}
        onOk={async () => {
          try {
            await replyNotice(replying!.id, text);
            setReplying(null);
            onDone();
          } catch (e) {
            message.error(e instanceof Error ? e.message : String(e));
          }
        }}
        destroyOnHidden
      >
        <Input.TextArea rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('notice.replyHint')} />
      </Modal>
    </div>
  );
}

/** Before and after of the same place, one over the other, with a slider (拆前拆后对比). */
export function PhotoCompare({ photos }: { photos: Photo[] }) {
  const { t } = useTranslation();
  const before = photos.find((p) => p.stage === 'before');
  const afterPhotos = photos.filter((p) => p.stage === 'after');
  const after = afterPhotos[afterPhotos.length - 1];
  const [pos, setPos] = useState(50);
  if (!before || !after) return null;
  return (
    <div className="photo-compare" data-testid="photo-compare">
      <div className="photo-compare-frame">
        <img src={after.urls.display} alt={t('stage.after')} />
        <img src={before.urls.display} alt={t('stage.before')} style={{ clipPath: `inset(0 ${100 - pos}% 0 0)` }} />
        <div className="photo-compare-line" style={{ left: `${pos}%` }} />
        <span className="photo-compare-tag left">{t('stage.before')}</span>
        <span className="photo-compare-tag right">{t('stage.after')}</span>
      </div>
      <input type="range" min={0} max={100} value={pos} aria-label={t('compare.slider')} onChange={(e) => setPos(Number(e.target.value))} style={{ width: '100%' }} />
    </div>
  );
}

type CaseDocument = ApiBody<'/api/cases/{id}/documents'>['items'][number];

/** Enforcement papers of the case (PDF) and the dossier; the office issues new ones. */
export function CaseDocuments({ c, onDone }: { c: CaseDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = AntApp.useApp();
  const [docs, setDocs] = useState<CaseDocument[] | null>(null);
  const [kind, setKind] = useState<CaseDocument['kind'] | null>(null);
  const [form] = Form.useForm();
  const load = () =>
    api<ApiBody<'/api/cases/{id}/documents'>>(`/api/cases/${c.id}/documents`).then(
      (r) => setDocs(r.items),
      () => setDocs([]),
    );
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [c.id, c.version]);
  const office = user.role === 'town_officer' || user.role === 'city_office';
  const canOrder = office && c.disposalClass === 'demolish' && ['classified', 'rectifying'].includes(c.status);
  const hasOrder = (docs ?? []).some((d) => d.kind === 'demolition_order');
  return (
    <div data-testid="case-documents">
      <List
        size="small"
        dataSource={docs ?? []}
        loading={docs === null}
        locale={{ emptyText: t('doc.none') }}
        renderItem={(d) => (
          <List.Item actions={[<a key="pdf" href={d.pdf} target="_blank" rel="noreferrer">PDF</a>]}>
            <Space size={6}>
              <Tag>{d.title}</Tag>
              <span className="mono">{d.docNo}</span>
              <span className="muted">{fmtDateTime(d.issuedAt)}</span>
            </Space>
          </List.Item>
        )}
      />
      <Space wrap style={{ marginTop: 8 }}>
        <Button size="small" href={`/api/cases/${c.id}/dossier.pdf`} target="_blank">
          {t('doc.dossier')}
        </Button>
        {canOrder ? (
          <Button size="small" onClick={() => (form.resetFields(), setKind('demolition_order'))}>
            {t('doc.issue.demolition_order')}
          </Button>
        ) : null}
        {office && hasOrder && !['closed', 'rejected'].includes(c.status) ? (
          <Button size="small" onClick={() => (form.resetFields(), setKind('reminder'))}>
            {t('doc.issue.reminder')}
          </Button>
        ) : null}
        {office && (docs ?? []).some((d) => d.kind !== 'delivery_receipt') ? (
          <Button size="small" onClick={() => (form.resetFields(), setKind('delivery_receipt'))}>
            {t('doc.issue.delivery_receipt')}
          </Button>
        ) : null}
      </Space>
      <Modal
        open={kind !== null}
        title={kind ? t(`doc.issue.${kind}`) : ''}
        cancelText={t('dup.cancel')}
        okText={t('act.submit')}
        onCancel={() => setKind(null)}
        onOk={async () => {
          const v = await form.validateFields();
          try {
            await api(`/api/cases/${c.id}/documents`, {
              method: 'POST',
              body: { kind, ...(v.deadline ? { deadline: v.deadline.format('YYYY-MM-DD') } : {}), ...(v.refersTo ? { refersTo: v.refersTo } : {}) },
            });
            setKind(null);
            await load();
            onDone();
          } catch (e) {
            message.error(e instanceof Error ? e.message : String(e));
          }
        }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          {kind === 'demolition_order' || kind === 'reminder' ? (
            <Form.Item name="deadline" label={t('doc.deadline')} rules={kind === 'reminder' ? [{ required: true, message: t('act.required') }] : []} extra={kind === 'demolition_order' ? t('doc.deadlineHint') : undefined}>
              <DatePicker disabledDate={(d) => !d.isAfter(dayjs(), 'day')} style={{ width: '100%' }} />
            </Form.Item>
          ) : null}
          {kind === 'delivery_receipt' ? (
            <Form.Item name="refersTo" label={t('doc.refersTo')} rules={[{ required: true, message: t('act.required') }]}>
              <Select options={(docs ?? []).filter((d) => d.kind !== 'delivery_receipt').map((d) => ({ value: d.id, label: `${d.title} ${d.docNo}` }))} />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
    </div>
  );
}
