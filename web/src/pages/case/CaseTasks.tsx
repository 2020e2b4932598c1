import { useState } from 'react';
import { App as AntApp, Button, DatePicker, Form, Image, Input, List, Modal, Radio, Select, Space, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { addTask, completeTask } from '../../api/endpoints';
import type { CaseDetail, CaseTask } from '../../api/types';
import { useUser } from '../../auth/AuthContext';
import { fmtDate, fmtDateTime } from '../../lib/format';

/** Departments a case is commonly handed to (联合执法); any name may be typed. */
const DEPARTMENTS = ['自然资源和规划局', '综合行政执法局', '住房和城乡建设局', '农业农村局', '国网平湖市供电公司', '中国电信平湖分公司', '中国移动平湖分公司'];

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
            <Image
              src={p.urls.thumbnail}
              preview={{ src: p.urls.display }}
              width={150}
              height={110}
              style={{ objectFit: 'cover', borderRadius: 4 }}
              alt={t(`wf.task.stage.${p.stage === 'after' ? 'after' : 'during'}`)}
            />
            <div style={{ fontSize: 12, lineHeight: '18px' }}>
              <Tag style={{ marginRight: 4 }}>{t(`wf.task.stage.${p.stage === 'after' ? 'after' : 'during'}`)}</Tag>
              <span className="muted">{p.capturedAt ? fmtDateTime(p.capturedAt) : ''}</span>
            </div>
            {p.evidenceFlags.length ? (
              <Space size={2} wrap>
                {p.evidenceFlags.map((f) => (
                  <Tooltip key={f} title={t(`evidence.hint.${f}`)}>
                    <Tag
                      color={f === 'far_from_case' || f === 'gps_mismatch' || f === 'stale_capture' || f === 'future_capture' ? 'red' : 'default'}
                      style={{ fontSize: 11, marginRight: 0 }}
                    >
                      {t(`evidence.flag.${f}`)}
                    </Tag>
                  </Tooltip>
                ))}
              </Space>
            ) : (
              <Tag color="green" style={{ fontSize: 11 }}>
                {t('evidence.ok')}
              </Tag>
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
            <input
              type="file"
              accept="image/jpeg,image/png,image/heic"
              multiple
              data-testid="task-photo-input"
              onChange={(e) => setFiles(Array.from(e.target.files ?? []).slice(0, 10))}
            />
          </Form.Item>
          {files.length ? (
            <Form.Item name="stage" label={t('wf.task.photoStage')}>
              <Radio.Group
                options={[
                  { value: 'during', label: t('wf.task.stage.during') },
                  { value: 'after', label: t('wf.task.stage.after') },
                ]}
              />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
    </div>
  );
}
