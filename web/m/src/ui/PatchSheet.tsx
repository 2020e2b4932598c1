import { useEffect, useMemo, useState } from 'react';
import type { User } from '../../../src/api/types';
import { distanceM } from '../geo';
import { formatDistance } from '../labels';
import { casesNear, saveVerdict, SOURCE_LABELS, VERDICTS, type PatchCase, type PatchNear, type Verdict } from '../patches';
import type { Fix } from '../position';
import { CameraIcon, PhotoPicker, StatusTag } from './common';
import { useObjectUrl, useOnline } from './hooks';

/** The patch's outline, drawn with where the inspector stands (no basemap needed). */
function Outline({ patch, fix }: { patch: PatchNear; fix: Fix | null }) {
  const polys = (patch.geometry.type === 'MultiPolygon' ? patch.geometry.coordinates : [patch.geometry.coordinates]) as number[][][][];
  const pts = polys.flat(2);
  const me = fix && distanceM(fix.lon, fix.lat, patch.lon, patch.lat) < 300 ? [fix.lon, fix.lat] : null;
  const all = me ? [...pts, me] : pts;
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const k = Math.cos(((y0 + y1) / 2) * (Math.PI / 180));
  const s = 140 / Math.max((x1 - x0) * k || 1e-9, y1 - y0 || 1e-9);
  const at = (p: number[]) => [10 + (p[0] - x0) * k * s, 10 + (y1 - p[1]) * s];
  const d = polys
    .flatMap((poly) =>
      poly.map(
        (ring) =>
          `M${ring
            .map((p) =>
              at(p)
                .map((v) => v.toFixed(1))
                .join(','),
            )
            .join('L')}Z`,
      ),
    )
    .join(' ');
  return (
    <svg width="100%" height={160} viewBox="0 0 160 160" role="img" aria-label="图斑范围" style={{ background: '#f6f8fa', borderRadius: 8, flexShrink: 0 }}>
      <path d={d} fill="rgba(250,84,28,0.2)" stroke="#fa541c" strokeWidth={2} fillRule="evenodd" />
      {me ? <circle cx={at(me)[0]} cy={at(me)[1]} r={5} fill="#1677ff" stroke="#fff" strokeWidth={2} /> : null}
    </svg>
  );
}

function Thumb({ file, onRemove }: { file: File; onRemove: () => void }) {
  const url = useObjectUrl(file);
  return (
    <span className="photo-tile" style={{ position: 'relative' }}>
      {url ? <img src={url} alt="" style={{ width: '100%', height: '100%', objectFit: 'cover', borderRadius: 8 }} /> : null}
      <button type="button" className="link" onClick={onRemove} style={{ position: 'absolute', top: 2, right: 4, color: '#fff' }} aria-label="删除照片">
        ✕
      </button>
    </span>
  );
}

/**
 * 图斑核查: one patch in the field — its outline, batch and due day, the reason it was sent back — and the
 * verdict: 违法建设 / 合法 (with the proof) / 已掌握 (the case near it) / 未发现变化, with photos. The verdict is
 * saved on the phone at once and sent from the outbox (我的上报 shows it 待发送 / 已发送), signal or not.
 */
export default function PatchSheet({
  user,
  patch,
  fix,
  onClose,
  onDone,
}: {
  user: User;
  patch: PatchNear;
  fix: Fix | null;
  onClose: () => void;
  onDone: (m: string, untilSent: string | null) => void;
}) {
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [note, setNote] = useState('');
  const [files, setFiles] = useState<{ key: number; file: File }[]>([]);
  const [cases, setCases] = useState<PatchCase[] | null>(null);
  const [casesOffline, setCasesOffline] = useState(false);
  const online = useOnline();
  const [caseId, setCaseId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const distance = fix ? distanceM(fix.lon, fix.lat, patch.lon, patch.lat) : patch.distanceM;

  useEffect(() => {
    if (verdict !== 'known' || cases) return;
    casesNear(patch.id).then(setCases, () => {
      setCasesOffline(!navigator.onLine);
      setCases([]);
    });
  }, [verdict, cases, patch.id]);

  // the signal is back: look for the cases again
  useEffect(() => {
    if (online && casesOffline) {
      setCasesOffline(false);
      setCases(null);
    }
  }, [online, casesOffline]);

  const missing = useMemo(() => {
    if (!verdict) return '请选择核查结论';
    if (verdict === 'known') return caseId ? null : '请选择对应的已登记案件';
    if (!files.length) return verdict === 'legal' ? '请拍摄证明材料' : '请拍摄现场照片';
    if (verdict === 'legal' && !note.trim()) return '请填写证明(如规划许可证号)';
    return null;
  }, [verdict, caseId, files.length, note]);

  async function submit() {
    if (!verdict || missing) return;
    setBusy(true);
    setError(null);
    try {
      const known = verdict === 'known' ? (cases?.find((c) => c.id === caseId) ?? null) : null;
      const item = await saveVerdict(user.username, patch, {
        verdict,
        note,
        caseId: known?.id ?? null,
        caseNo: known?.caseNo ?? null,
        files: files.map((f) => f.file),
        fix,
      });
      const label = VERDICTS.find((v) => v.code === verdict)!.label;
      onDone(
        navigator.onLine ? `图斑 ${patch.code} 核查结论“${label}”正在发送` : `图斑 ${patch.code} 核查结论“${label}”已保存在本机,有信号后自动发送`,
        navigator.onLine ? item.id : null,
      );
    } catch (e) {
      // only the phone's own storage can fail here (full, or blocked by the browser)
      setError(`未能保存到本机:${(e as Error).message}`);
      setBusy(false);
    }
  }

  return (
    <div className="sheet-page" role="dialog" aria-modal="true" aria-label={`图斑 ${patch.code}`} data-testid="patch-sheet">
      <div className="sheet-head">
        <button type="button" className="link" onClick={onClose}>
          返回
        </button>
        <h2>图斑核查</h2>
        <span />
      </div>
      <div className="sheet-body">
        <div>
          <b className="case-no">图斑 {patch.code}</b>{' '}
          <span className="tag" style={{ color: patch.overdue ? '#cf1322' : '#d46b08', borderColor: patch.overdue ? '#cf1322' : '#d46b08' }}>
            {patch.overdue ? '已超期' : '待核查'}
          </span>
          <div className="muted small" style={{ marginTop: 4 }}>
            {SOURCE_LABELS[patch.source] ?? patch.source} · {patch.batchNo} · {patch.townName} {patch.villageName}
            <br />
            面积 {Math.round(patch.areaM2)} ㎡ · 核查期限 {patch.dueOn} · 相距 {formatDistance(distance)}
          </div>
          {patch.returnReason && (
            <div className="error" style={{ marginTop: 6 }} data-testid="patch-returned">
              镇街退回:{patch.returnReason}
            </div>
          )}
        </div>
        <Outline patch={patch} fix={fix} />
        <div className="label">核查结论</div>
        <div className="segmented" style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', flexShrink: 0 }} data-testid="patch-verdicts">
          {VERDICTS.map((v, i) => (
            <button
              type="button"
              key={v.code}
              aria-pressed={verdict === v.code}
              className={verdict === v.code ? 'on' : ''}
              style={i >= 2 ? { borderTop: '1px solid var(--blue)', ...(i === 2 ? { borderLeft: 0 } : {}) } : undefined}
              onClick={() => setVerdict(v.code)}
            >
              {v.label}
            </button>
          ))}
        </div>
        {verdict && <div className="muted small">{VERDICTS.find((v) => v.code === verdict)!.hint}</div>}
        {verdict === 'known' && (
          <div data-testid="patch-cases">
            {cases === null && <div className="muted small">正在查找附近的案件…</div>}
            {cases?.length === 0 && (
              <div className="muted small">{casesOffline ? '离线:联网后才能查找附近的案件,请稍后再选或选择其他结论' : '300 米内没有已登记的案件:请选择其他结论'}</div>
            )}
            {cases?.map((c) => (
              <button
                type="button"
                key={c.id}
                className="around-item"
                aria-pressed={caseId === c.id}
                style={{ width: '100%', border: caseId === c.id ? '2px solid #1677ff' : undefined, borderRadius: 8 }}
                onClick={() => setCaseId(c.id)}
              >
                <span className="around-info">
                  <b className="case-no">{c.caseNo}</b>
                  <span>
                    <StatusTag status={c.status} /> <span className="muted small">{c.addressText ?? ''}</span>
                  </span>
                </span>
                <span className="dist">{formatDistance(c.distanceM)}</span>
              </button>
            ))}
          </div>
        )}
        {verdict && (
          <label className="field">
            {verdict === 'legal' ? '证明(规划许可证号、批准文号等)' : '说明(选填)'}
            <input
              className="note"
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={500}
              data-testid="patch-note"
              placeholder={verdict === 'legal' ? '如:建字第330482202600123号' : ''}
            />
          </label>
        )}
        {verdict && (
          <div>
            <div className="label">{verdict === 'legal' ? '证明材料照片' : '现场照片'}</div>
            <div className="photos-row">
              {files.map((f) => (
                <Thumb key={f.key} file={f.file} onRemove={() => setFiles((cur) => cur.filter((x) => x.key !== f.key))} />
              ))}
              <PhotoPicker
                className="photo-add"
                testId="patch-photo-input"
                multiple
                onPick={(f) => setFiles((cur) => [...cur, ...f.map((file, i) => ({ key: Date.now() + i, file }))].slice(0, 10))}
              >
                <CameraIcon size={26} />
                <span className="small">拍照</span>
              </PhotoPicker>
            </div>
          </div>
        )}
        {error && <div className="error">{error}</div>}
      </div>
      <div className="sheet-foot">
        <button type="button" className="btn primary block big" disabled={busy || missing !== null} onClick={submit} data-testid="patch-submit">
          {busy ? '正在保存…' : (missing ?? '提交核查结论')}
        </button>
      </div>
    </div>
  );
}
