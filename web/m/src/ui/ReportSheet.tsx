import { useEffect, useMemo, useState } from 'react';
import type { User } from '../../../src/api/types';
import { OPEN_STATUSES } from '../../../src/lib/status';
import { isAbort, nearby, type NearbyCase, type PatrolConfig } from '../api';
import type { OutboxItem } from '../db';
import { CATEGORIES, CATEGORY_LABELS, formatDistance, formatTime, WATERLOGGING_CATEGORIES } from '../labels';
import { freshFix, type Fix } from '../position';
import { localCandidates, saveReport, savePhotos, type Candidate } from '../reports';
import { duplicateRadius, widestRadius } from '../session';
import { BlobImg, PhotoPicker, ServerThumb, StatusTag } from './common';
import { useObjectUrl } from './hooks';
import { campaignsAt, useActiveCampaigns, type BoundaryFeature } from '../campaigns';
import { cacheGet } from '../db';
import { KINDS } from '../../../../shared/item-kinds';

/** 专项整治对象's categories (杆线、构筑物、房屋、其他): [code, label]. */
const CAMPAIGN_CATEGORIES = Object.entries(KINDS.campaign_item.categories);

type Check = { kind: 'checking' } | { kind: 'unavailable'; reason: string } | { kind: 'done'; items: NearbyCase[] };

interface Props {
  user: User;
  config: PatrolConfig | null;
  outbox: OutboxItem[];
  files: File[];
  onAddFiles: (files: File[]) => void;
  onRemoveFile: (index: number) => void;
  onClose: () => void;
  onDone: (message: string, untilSent?: string) => void;
}

/**
 * A new report: the photo is taken, the GPS fix is read, and — before anything is sent — the open
 * cases around the point are shown so that the same violation is not reported twice.
 */
export default function ReportSheet(props: Props) {
  const { user, config, outbox, files } = props;
  const [fix, setFix] = useState<Fix | null>(null);
  const [fixError, setFixError] = useState<string | null>(null);
  const [fixToken, setFixToken] = useState(0);
  const [category, setCategory] = useState<string | null>(null);
  const [note, setNote] = useState('');
  // 违建 or 积水点 (reported during or after rain, with the depth of the water)
  const [kind, setKind] = useState<'violation' | 'waterlogging'>('violation');
  const [depth, setDepth] = useState('');
  const water = kind === 'waterlogging';
  const depthCm = Number(depth);
  const depthOk = !water || (depth.trim() !== '' && Number.isFinite(depthCm) && depthCm >= 1 && depthCm <= 500);
  const [check, setCheck] = useState<Check>({ kind: 'checking' });
  // 专项整治: the running campaigns whose scope holds the fix (from the copy on the phone, offline too)
  const active = useActiveCampaigns();
  const [boundaries, setBoundaries] = useState<BoundaryFeature[] | null>(null);
  useEffect(() => {
    let live = true;
    void cacheGet<{ fc: { features: BoundaryFeature[] } }>('boundaries').then((kept) => live && setBoundaries(kept?.fc.features ?? null));
    return () => {
      live = false;
    };
  }, []);
  const here = useMemo(() => (fix && !water ? campaignsAt(active, fix.lon, fix.lat, boundaries) : []), [active, fix, boundaries, water]);
  const [campaignId, setCampaignId] = useState<string | null>(null);
  const campaign = here.find((c) => c.id === campaignId) ?? null;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // the fix of this report: asked for now, not the last one the map saw
  useEffect(() => {
    let live = true;
    setFixError(null);
    freshFix().then(
      (f) => live && setFix(f),
      (e: Error) => live && setFixError(e.message),
    );
    return () => {
      live = false;
    };
  }, [fixToken]);

  // open cases around the fix, with the widest radius of any category (the chosen one filters below)
  useEffect(() => {
    if (!fix) return;
    if (!navigator.onLine) {
      setCheck({ kind: 'unavailable', reason: '当前离线，无法查询附近已有案件；上报将保存在本机，联网后自动发送' });
      return;
    }
    const ctl = new AbortController();
    setCheck({ kind: 'checking' });
    nearby(fix.lon, fix.lat, widestRadius(config), ctl.signal).then(
      (r) => setCheck({ kind: 'done', items: r.items }),
      (err) => {
        if (!isAbort(err)) setCheck({ kind: 'unavailable', reason: `未能查询附近已有案件（${(err as Error).message}），仍可上报` });
      },
    );
    return () => ctl.abort();
  }, [fix, config]);

  const radius = duplicateRadius(config, category);
  const candidates: Candidate[] = useMemo(() => {
    if (!fix) return [];
    // the duplicate check is about illegal buildings; a waterlogging report at a closed point reopens it on the server
    if (water || campaign) return [];
    const server: Candidate[] =
      check.kind === 'done' ? check.items.filter((c) => OPEN_STATUSES.has(c.status) && c.distance <= radius).map((c) => ({ ...c, local: false as const })) : [];
    return [...localCandidates(outbox, fix, radius), ...server];
  }, [check, fix, outbox, radius, water, campaign]);

  async function submitNew() {
    if (!fix) return;
    setBusy(true);
    setError(null);
    try {
      await saveReport(user.username, {
        fix,
        category,
        note: note.trim() || null,
        photos: files,
        ...(water ? { kind, depthCm } : {}),
        campaign: campaign ? { id: campaign.id, name: campaign.name } : null,
      });
      props.onDone(navigator.onLine ? '已保存，正在发送' : '已保存到本机，联网后自动发送');
    } catch (e) {
      setError(`保存失败：${(e as Error).message}`);
      setBusy(false);
    }
  }

  async function addToExisting(c: Candidate) {
    setBusy(true);
    setError(null);
    try {
      const target = c.local ? { caseClientId: c.clientId, caseNo: null } : { caseId: c.id, caseNo: c.caseNo };
      await savePhotos(user.username, target, 'before', fix, files);
      // the message about the phone's own report holds only until that report is sent
      if (c.local) props.onDone('照片将补充到本机待发送的上报', c.clientId);
      else props.onDone(`照片将补充到 ${c.caseNo}`);
    } catch (e) {
      setError(`保存失败：${(e as Error).message}`);
      setBusy(false);
    }
  }

  return (
    <div className="sheet-page" role="dialog" aria-label={water ? '上报积水点' : campaign ? '上报专项整治对象' : '上报违建'}>
      <header className="sheet-head">
        <button type="button" className="link" onClick={props.onClose} disabled={busy}>
          取消
        </button>
        <h2>{water ? '上报积水点' : campaign ? '上报专项整治对象' : '上报违建'}</h2>
        <span className="sheet-head-pad" />
      </header>

      <div className="sheet-body">
        <section className="photos-row">
          {files.map((f, i) => (
            <PreviewTile key={fileKey(f)} file={f} onRemove={() => props.onRemoveFile(i)} />
          ))}
          <PhotoPicker className="photo-add" onPick={props.onAddFiles} disabled={busy || files.length >= 9}>
            <span>＋</span>
            <small>再拍一张</small>
          </PhotoPicker>
        </section>

        <section>
          <div className="chips">
            {(
              [
                ['violation', '违法建筑'],
                ['waterlogging', '积水点'],
              ] as const
            ).map(([k, label]) => (
              <button
                type="button"
                key={k}
                aria-pressed={kind === k}
                className={`chip ${kind === k ? 'on' : ''}`}
                data-testid={`report-kind-${k}`}
                onClick={() => {
                  setKind(k);
                  setCategory(null);
                }}
              >
                {label}
              </button>
            ))}
          </div>
        </section>

        <section className="loc" data-testid="report-location">
          {fix ? (
            <>
              <span className={`acc ${fix.accuracy > 50 ? 'acc-poor' : ''}`}>GPS ±{Math.round(fix.accuracy)} 米</span>
              <span className="coords">
                {fix.lat.toFixed(6)}, {fix.lon.toFixed(6)}
              </span>
            </>
          ) : (
            <span className="muted">{fixError ?? '正在定位…'}</span>
          )}
          <button type="button" className="link" onClick={() => setFixToken((t) => t + 1)} disabled={busy}>
            重新定位
          </button>
          {fix && fix.accuracy > 50 && <div className="hint">定位精度较差，可到开阔处重新定位</div>}
        </section>

        {here.length > 0 && (
          <section data-testid="report-campaigns">
            <div className="label">此处有进行中的专项整治，是否计入？</div>
            <div className="chips">
              {here.map((c) => (
                <button
                  type="button"
                  key={c.id}
                  className={`chip ${campaign?.id === c.id ? 'on' : ''}`}
                  aria-pressed={campaign?.id === c.id}
                  onClick={() => {
                    setCampaignId(c.id);
                    setCategory(null);
                  }}
                >
                  {c.name}
                </button>
              ))}
              <button
                type="button"
                className={`chip ${campaign ? '' : 'on'}`}
                aria-pressed={!campaign}
                onClick={() => {
                  setCampaignId(null);
                  setCategory(null);
                }}
              >
                不属于专项
              </button>
            </div>
            {campaign && (
              <div className="muted small">
                将作为专项整治对象计入“{campaign.name}”，截至 {campaign.endsOn}
              </div>
            )}
          </section>
        )}

        <section>
          <div className="label">{water ? '积水位置（可不选）' : '类别（可不选）'}</div>
          <div className="chips">
            {(water ? WATERLOGGING_CATEGORIES : campaign ? CAMPAIGN_CATEGORIES : CATEGORIES).map(([code, label]) => (
              <button
                type="button"
                key={code}
                className={`chip ${category === code ? 'on' : ''}`}
                onClick={() => setCategory(category === code ? null : code)}
                aria-pressed={category === code}
              >
                {label}
              </button>
            ))}
          </div>
        </section>

        {water && (
          <section>
            <label className="label" htmlFor="depth">
              积水深度（厘米，必填）
            </label>
            <input
              id="depth"
              className="note"
              inputMode="numeric"
              data-testid="report-depth"
              placeholder="如 30"
              value={depth}
              onChange={(e) => setDepth(e.target.value.replace(/[^0-9]/g, '').slice(0, 3))}
            />
            {depth !== '' && !depthOk && <div className="hint">积水深度须在 1–500 厘米之间</div>}
          </section>
        )}

        <section>
          <input
            className="note"
            maxLength={200}
            placeholder={water ? '补充说明（可不填），如“雨后路面积水，车辆绕行”' : '补充说明（可不填），如“新搭彩钢棚”'}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </section>

        {water && <div className="muted small">附近已销号的积水点再次积水时，将重新打开该积水点并保留其记录</div>}
        {!water && !campaign && fix && check.kind === 'checking' && <div className="muted small">正在查找附近已有案件…</div>}
        {!water && !campaign && fix && check.kind === 'unavailable' && <div className="notice small">{check.reason}</div>}
        {!water && !campaign && fix && check.kind === 'done' && candidates.length === 0 && (
          <div className="ok small" data-testid="no-duplicate">
            附近 {radius} 米内没有未办结的案件
          </div>
        )}
        {candidates.length > 0 && (
          <section className="dup" data-testid="duplicate-warning">
            <div className="dup-title">
              附近 {radius} 米内已有 {candidates.length} 处未办结的违建{category ? `（${CATEGORY_LABELS[category]}）` : ''}，是同一处吗？
            </div>
            {candidates.map((c) => (
              <div className="dup-item" key={c.local ? c.clientId : c.id} data-testid="duplicate-item">
                {c.local ? <BlobImg className="thumb" blob={c.thumb} /> : <ServerThumb className="thumb" src={c.thumbnails[0]} />}
                <div className="dup-info">
                  {c.local ? (
                    <>
                      <b>本机待发送的上报</b>
                      <span className="muted small">{formatTime(c.createdAt)}</span>
                    </>
                  ) : (
                    <>
                      <b className="case-no">{c.caseNo}</b>
                      <span>
                        <StatusTag status={c.status} /> {c.category ? (CATEGORY_LABELS[c.category] ?? '') : ''}
                      </span>
                    </>
                  )}
                  <span className="dist">相距 {formatDistance(c.distance)}</span>
                </div>
                <button type="button" className="btn small" onClick={() => addToExisting(c)} disabled={busy}>
                  就是这一处
                </button>
              </div>
            ))}
          </section>
        )}
        {error && (
          <div className="error" role="alert">
            {error}
          </div>
        )}
      </div>

      <footer className="sheet-foot">
        <button
          type="button"
          className="btn primary block big"
          onClick={submitNew}
          disabled={!fix || busy || (!water && !campaign && check.kind === 'checking') || !depthOk || (water && depth === '')}
          data-testid="submit-report"
        >
          {candidates.length > 0 ? '是新的违建，提交上报' : '提交上报'}
        </button>
      </footer>
    </div>
  );
}

/** A key for each picked photo that stays with it when an earlier one is removed (a File has no id of its own). */
const fileKeys = new WeakMap<File, number>();
let lastFileKey = 0;
function fileKey(f: File): number {
  let key = fileKeys.get(f);
  if (key === undefined) {
    key = ++lastFileKey;
    fileKeys.set(f, key);
  }
  return key;
}

function PreviewTile({ file, onRemove }: { file: File; onRemove: () => void }) {
  const url = useObjectUrl(file);
  return (
    <div className="photo-tile">
      {url && <img src={url} alt="" />}
      <button type="button" className="photo-remove" onClick={onRemove} aria-label="删除这张照片">
        ×
      </button>
    </div>
  );
}
