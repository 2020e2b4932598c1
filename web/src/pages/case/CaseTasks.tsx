import { useEffect, useRef, useState } from 'react';
import { App as AntApp, Button, DatePicker, Form, Image, Input, List, Modal, Radio, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { addTask, completeTask } from '../../api/endpoints';
import type { CaseDetail, CaseTask } from '../../api/types';
import { useUser } from '../../auth/AuthContext';
import { fmtDate, fmtDateTime } from '../../lib/format';
import { PhotoDropZone } from './PhotoDropZone';

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

/** At most this many photos go with one result (the server's limit). */
const MAX_TASK_PHOTOS = 10;
/** What the server takes (HEIC too, which a browser cannot show: it goes without a preview). */
const isPhoto = (f: File) => ['image/jpeg', 'image/png', 'image/heic', 'image/heif'].includes(f.type) || /\.hei[cf]$/i.test(f.name);
const canPreview = (f: File) => f.type === 'image/jpeg' || f.type === 'image/png';

/** A photo chosen for a task's result: its preview, or why it is not taken. */
interface Chosen {
  uid: string;
  file: File;
  preview: string | null;
  refused?: string;
}

/**
 * The photos going with a task's result: dropped or chosen several at once, each shown as a preview
 * that can be taken out again; a file that is not a JPEG or PNG, or one past the limit, is named with
 * the reason and not sent.
 */
function TaskPhotoPicker({ onChange }: { onChange: (files: File[]) => void }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<Chosen[]>([]);
  const urls = useRef(new Set<string>());
  useEffect(() => () => urls.current.forEach((u) => URL.revokeObjectURL(u)), []);
  useEffect(() => onChange(items.filter((x) => !x.refused).map((x) => x.file)), [items, onChange]);
  const add = (file: File & { uid?: string }) =>
    setItems((xs) => {
      const uid = file.uid ?? `${file.name}-${file.size}-${file.lastModified}`;
      if (xs.some((x) => x.uid === uid)) return xs;
      const taken = xs.filter((x) => !x.refused).length;
      const refused = !isPhoto(file) ? t('wf.task.notPhoto') : taken >= MAX_TASK_PHOTOS ? t('wf.task.tooMany', { max: MAX_TASK_PHOTOS }) : undefined;
      const preview = refused || !canPreview(file) ? null : URL.createObjectURL(file);
      if (preview) urls.current.add(preview);
      return [...xs, { uid, file, preview, refused }];
    });
  const remove = (uid: string) =>
    setItems((xs) => {
      const gone = xs.find((x) => x.uid === uid);
      if (gone?.preview) {
        URL.revokeObjectURL(gone.preview);
        urls.current.delete(gone.preview);
      }
      return xs.filter((x) => x.uid !== uid);
    });
  return (
    <div data-testid="task-photo-picker">
      <PhotoDropZone accept="image/jpeg,image/png,image/heic,.heic" testId="task-photo-input" onFile={add} />
      {items.length ? (
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginTop: 8 }} data-testid="task-photo-list">
          {items.map((it) => (
            <div key={it.uid} style={{ width: 112 }} data-testid="task-photo-chosen" data-refused={it.refused ? 'true' : undefined}>
              {it.preview ? (
                <img
                  src={it.preview}
                  alt={it.file.name}
                  data-testid="task-photo-preview"
                  style={{ width: 112, height: 84, objectFit: 'cover', borderRadius: 4, display: 'block' }}
                />
              ) : (
                <div className="muted" style={{ width: 112, height: 84, display: 'grid', placeItems: 'center', background: '#fafafa', borderRadius: 4 }}>
                  {t('case.upload.noPreview')}
                </div>
              )}
              <div style={{ display: 'flex', alignItems: 'center', fontSize: 12 }}>
                <Typography.Text ellipsis={{ tooltip: it.file.name }} style={{ flex: 1, fontSize: 12 }}>
                  {it.file.name}
                </Typography.Text>
                <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('wf.task.removePhoto', { name: it.file.name })} onClick={() => remove(it.uid)} />
              </div>
              {it.refused ? (
                <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="task-photo-refused">
                  {t('case.upload.refused', { name: it.file.name, reason: it.refused })}
                </Typography.Text>
              ) : null}
            </div>
          ))}
        </div>
      ) : null}
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
            <TaskPhotoPicker onChange={setFiles} />
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
