import { useEffect, useState } from 'react';
import type { CaseDetail, PhotoStage, User } from '../../../src/api/types';
import { getCase, isAbort, type NearbyCase } from '../api';
import { distanceM } from '../geo';
import { CATEGORY_LABELS, STAGES, STAGE_LABELS, formatDistance, formatTime } from '../labels';
import type { Fix } from '../position';
import { savePhotos } from '../reports';
import { CameraIcon, PhotoPicker, ServerThumb, StatusTag } from './common';

/** The stage a new photo most likely documents, from where the case stands. */
function defaultStage(status: NearbyCase['status']): PhotoStage {
  if (status === 'rectifying') return 'during';
  if (status === 'closing_requested' || status === 'closed') return 'after';
  return 'before';
}

/** A case tapped on the map: its photos and status, and adding photos by stage (拆前 / 拆中 / 拆后). */
export default function CaseSheet({ user, item, fix, onClose, onDone }: { user: User; item: NearbyCase; fix: Fix | null; onClose: () => void; onDone: (m: string) => void }) {
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [stage, setStage] = useState<PhotoStage>(defaultStage(item.status));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const ctl = new AbortController();
    setDetail(null);
    getCase(item.id, ctl.signal).then(setDetail, (err) => {
      if (!isAbort(err)) setDetail(null); // offline: the thumbnails of the nearby answer are enough
    });
    return () => ctl.abort();
  }, [item.id]);

  const photos = detail?.photos.map((p) => ({ id: p.id, src: p.urls.thumbnail, stage: p.stage as string })) ?? item.thumbnails.map((src) => ({ id: src, src, stage: '' }));
  const distance = fix ? distanceM(fix.lon, fix.lat, item.lon, item.lat) : item.distance;

  async function add(files: File[]) {
    setBusy(true);
    setError(null);
    try {
      await savePhotos(user.username, { caseId: item.id, caseNo: item.caseNo }, stage, fix, files);
      onDone(`${STAGE_LABELS[stage]}照片已保存，将补充到 ${item.caseNo}`);
    } catch (e) {
      setError(`保存失败：${(e as Error).message}`);
      setBusy(false);
    }
  }

  return (
    <div
      className="sheet-backdrop"
      role="dialog"
      aria-modal="true"
      aria-label={item.caseNo}
      onClick={(e) => e.target === e.currentTarget && onClose()}
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <div className="bottom-sheet" data-testid="case-sheet">
        <div className="grabber" />
        <div className="case-head">
          <div>
            <b className="case-no">{item.caseNo}</b> <StatusTag status={item.status} />
          </div>
          <button type="button" className="link" onClick={onClose} aria-label="关闭">
            关闭
          </button>
        </div>
        <div className="case-meta">
          {[item.townName, item.divisionName].filter(Boolean).join(' · ')}
          {item.category ? ` · ${CATEGORY_LABELS[item.category] ?? item.category}` : ''}
          <br />
          发现于 {formatTime(item.foundAt)} · 相距 {formatDistance(distance)}
        </div>
        {item.note && <div className="case-note">{item.note}</div>}

        <div className="thumbs">
          {photos.length === 0 && <span className="muted small">暂无照片</span>}
          {photos.map((p) => (
            <a key={p.id} className="thumb-link" href={p.src.replace(/thumbnail$/, 'display')} target="_blank" rel="noreferrer">
              <ServerThumb className="thumb" src={p.src} />
              {p.stage && <span className="thumb-stage">{STAGE_LABELS[p.stage] ?? p.stage}</span>}
            </a>
          ))}
        </div>

        <div className="label">补充照片</div>
        <div className="segmented">
          {STAGES.map(([code, label]) => (
            <button type="button" key={code} aria-pressed={stage === code} className={stage === code ? 'on' : ''} onClick={() => setStage(code)}>
              {label}
            </button>
          ))}
        </div>
        {error && <div className="error">{error}</div>}
        <PhotoPicker className="btn primary block big" testId="case-photo-input" multiple onPick={add} disabled={busy}>
          <CameraIcon size={22} /> 拍照补充（{STAGE_LABELS[stage]}）
        </PhotoPicker>
      </div>
    </div>
  );
}
