import { useEffect, useRef, useState } from 'react';
import { Button, Progress, Radio, Space, Typography } from 'antd';
import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PHOTO_STAGES, type CaseDetail, type PhotoStage } from '../../api/types';
import { label } from './parts';
import { PhotoDropZone } from './PhotoDropZone';

const ACCEPTED = new Set(['image/jpeg', 'image/png']);

interface Pending {
  uid: string;
  file: File;
  preview: string | null;
  state: 'ready' | 'sending' | 'done' | 'refused';
  percent: number;
  reason?: string;
}

/**
 * Sends one photo through the case's evidence pipeline (the route the phone uses: hash, EXIF, watermark,
 * copies, evidence facts), with the upload's progress; a refusal comes back in the server's words.
 */
function send(caseId: string, stage: PhotoStage, file: File, onProgress: (pct: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const fd = new FormData();
    fd.append('stage', stage);
    fd.append('photo', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/cases/${encodeURIComponent(caseId)}/photos`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      let msg = `HTTP ${xhr.status}`;
      try {
        msg = (JSON.parse(xhr.responseText) as { message?: string }).message ?? msg;
      } catch {
        // not JSON: the status says enough
      }
      reject(new Error(msg));
    };
    xhr.onerror = () => reject(new Error('网络错误,未能上传'));
    xhr.send(fd);
  });
}

/** Adding photos of one stage from the desktop: drop or choose several, see them, send them, see each result. */
export function CasePhotoUpload({ c, onDone }: { c: CaseDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const [stage, setStage] = useState<PhotoStage>(c.status === 'rectifying' || c.status === 'closing_requested' ? 'after' : 'before');
  const [items, setItems] = useState<Pending[]>([]);
  const [busy, setBusy] = useState(false);
  const previews = useRef(new Set<string>());
  // the object URLs of the previews are freed with the component
  useEffect(() => () => previews.current.forEach((u) => URL.revokeObjectURL(u)), []);

  const patch = (uid: string, p: Partial<Pending>) => setItems((xs) => xs.map((x) => (x.uid === uid ? { ...x, ...p } : x)));

  const add = (file: File & { uid?: string }) => {
    const uid = file.uid ?? `${file.name}-${file.size}-${file.lastModified}`;
    const ok = ACCEPTED.has(file.type);
    const preview = ok ? URL.createObjectURL(file) : null;
    if (preview) previews.current.add(preview);
    setItems((xs) =>
      xs.some((x) => x.uid === uid) ? xs : [...xs, { uid, file, preview, state: ok ? 'ready' : 'refused', percent: 0, reason: ok ? undefined : t('case.upload.notImage') }],
    );
  };

  const sendAll = async () => {
    setBusy(true);
    let sent = 0;
    for (const it of items.filter((x) => x.state === 'ready')) {
      patch(it.uid, { state: 'sending', percent: 0 });
      try {
        await send(c.id, stage, it.file, (pct) => patch(it.uid, { percent: pct }));
        patch(it.uid, { state: 'done', percent: 100 });
        sent++;
      } catch (e) {
        patch(it.uid, { state: 'refused', reason: e instanceof Error ? e.message : String(e) });
      }
    }
    setBusy(false);
    if (sent) onDone();
  };

  const ready = items.filter((x) => x.state === 'ready').length;
  return (
    <div className="photo-upload" data-testid="photo-upload">
      <Space style={{ marginBottom: 8 }} wrap>
        <span>{t('case.upload.stage')}</span>
        <Radio.Group value={stage} onChange={(e) => setStage(e.target.value)} optionType="button" size="small" disabled={busy}>
          {PHOTO_STAGES.map((s) => (
            <Radio.Button key={s} value={s}>
              {label(t, 'stage', s)}
            </Radio.Button>
          ))}
        </Radio.Group>
      </Space>
      <PhotoDropZone accept="image/jpeg,image/png" disabled={busy} hint={t('case.upload.hint')} onFile={add} />
      {items.length ? (
        <div className="photo-grid" style={{ marginTop: 8 }} data-testid="upload-list">
          {items.map((it) => (
            <div key={it.uid} className="photo-card" data-testid="upload-item" data-state={it.state}>
              {it.preview ? (
                <img src={it.preview} alt={it.file.name} style={{ width: '100%', height: 120, objectFit: 'cover' }} data-testid="upload-preview" />
              ) : (
                <div style={{ height: 120, display: 'grid', placeItems: 'center' }} className="muted">
                  {t('case.upload.noPreview')}
                </div>
              )}
              <div className="photo-meta">
                <Typography.Text ellipsis style={{ maxWidth: '100%' }}>
                  {it.file.name}
                </Typography.Text>
                {it.state === 'sending' ? <Progress percent={it.percent} size="small" /> : null}
                {it.state === 'done' ? (
                  <div>
                    <CheckCircleTwoTone twoToneColor="#52c41a" /> {t('case.upload.done', { stage: label(t, 'stage', stage) })}
                  </div>
                ) : null}
                {it.state === 'refused' ? (
                  <div>
                    <Typography.Text type="danger" data-testid="upload-refused">
                      <CloseCircleTwoTone twoToneColor="#cf1322" /> {t('case.upload.refused', { name: it.file.name, reason: it.reason })}
                    </Typography.Text>
                  </div>
                ) : null}
              </div>
            </div>
          ))}
        </div>
      ) : null}
      <Space style={{ marginTop: 8 }}>
        <Button type="primary" size="small" disabled={ready === 0} loading={busy} onClick={sendAll} data-testid="upload-send">
          {t('case.upload.send', { count: ready })}
        </Button>
        {items.length && !busy ? (
          <Button size="small" onClick={() => setItems([])}>
            {t('case.upload.clear')}
          </Button>
        ) : null}
      </Space>
    </div>
  );
}
