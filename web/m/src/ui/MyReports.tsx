import { useCallback, useEffect, useReducer, useState } from 'react';
import type { User } from '../../../src/api/types';
import { isAbort } from '../api';
import { verdictOutcome } from '../patches';
import { kindLabel, myReports, type MyReport as MyCase } from '../reports';
import { cacheGet, cachePut, type ItemState, type OutboxItem } from '../db';
import { CATEGORY_LABELS, STAGE_LABELS, formatTime } from '../labels';
import { linkType, onLinkChange, originalsState, retryOriginal, setWifiOnly, wifiOnly } from '../originals';
import { hasPendingOriginals, removeItem, resendWithoutCampaign, retryItem } from '../outbox';
import { getProgress, onProgress } from '../progress';
import { kickNew, onSent } from '../sync';
import { KINDS, type ItemKind } from '../../../../shared/item-kinds';
import { STATUS_COLORS } from '../../../src/lib/status';
import { BlobImg, StatusTag } from './common';

/** Each kind's tag: the words on a tinted ground, so a list of mixed kinds reads apart at a glance. */
const KIND_TAG: Record<string, { color: string; borderColor: string; background: string }> = {
  violation: { color: '#a8071a', borderColor: '#ffa39e', background: '#fff1f0' },
  waterlogging: { color: '#0958d9', borderColor: '#91caff', background: '#e6f4ff' },
  campaign_item: { color: '#531dab', borderColor: '#d3adf7', background: '#f9f0ff' },
};

/** The status in the kind's own words (a waterlogging point is 已交办 where a building is 已立案). */
function KindStatusTag({ kind, status }: { kind: string; status: MyCase['status'] }) {
  const words = KINDS[kind as ItemKind]?.statusLabels[status];
  if (!words) return <StatusTag status={status} />;
  return (
    <span className="tag" style={{ color: STATUS_COLORS[status], borderColor: STATUS_COLORS[status] }}>
      {words}
    </span>
  );
}

const STATE_LABELS: Record<ItemState, string> = { queued: '待发送', sending: '发送中', sent: '已发送', failed: '失败' };
/** Sent items stay in the list for a day, then only the server's list shows them. */
const SHOW_SENT_MS = 24 * 3600_000;

interface Props {
  user: User;
  items: OutboxItem[];
  online: boolean;
  onLogout: () => void;
}

/** Re-renders on upload progress, the Wi-Fi choice and a change of link. */
function useProgressTick() {
  const [, tick] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const offs = [onProgress(tick), onLinkChange(tick)];
    return () => offs.forEach((off) => off());
  }, []);
}

/** 原图仅在 Wi-Fi 下上传, and what this phone can tell of its link. */
function WifiChoice() {
  const on = wifiOnly();
  const link = linkType();
  return (
    <label className="wifi-choice small" data-testid="wifi-only">
      <input type="checkbox" checked={on} onChange={(e) => setWifiOnly(e.target.checked)} />
      原图仅在 Wi-Fi 下上传
      <span className="muted">
        {on
          ? link === 'wifi'
            ? '（当前为 Wi-Fi）'
            : link === 'cellular'
              ? '（当前为移动数据，原图暂不上传）'
              : '（本机无法判断网络类型，原图照常上传）'
          : '（上报时先发压缩照片，原图随后上传）'}
      </span>
    </label>
  );
}

/** 我的上报: what this phone still has to send (and has just sent), then my reports on the server. */
export default function MyReports({ user, items, online, onLogout }: Props) {
  const [server, setServer] = useState<{ total: number; items: MyCase[]; at: number } | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  useProgressTick();

  const load = useCallback(
    (signal?: AbortSignal) =>
      myReports(signal).then(
        (r) => {
          const snap = { ...r, at: Date.now() };
          setServer(snap);
          setServerError(null);
          void cachePut(`mine:${user.username}`, snap);
        },
        (err) => {
          if (isAbort(err)) return;
          setServerError((err as Error).message);
          void cacheGet<{ total: number; items: MyCase[]; at: number }>(`mine:${user.username}`).then((s) => s && setServer((cur) => cur ?? s));
        },
      ),
    [user.username],
  );

  useEffect(() => {
    const ctl = new AbortController();
    void load(ctl.signal);
    const off = onSent((it) => it.kind !== 'track' && void load());
    return () => {
      ctl.abort();
      off();
    };
  }, [load, online]);

  const rows = items.filter((i) => i.kind !== 'track' && (i.state !== 'sent' || hasPendingOriginals(i) || Date.now() - Date.parse(i.sentAt ?? i.createdAt) < SHOW_SENT_MS));
  const tracks = items.filter((i) => i.kind === 'track' && i.state !== 'sent');
  const trackPoints = tracks.reduce((s, i) => s + (i.kind === 'track' ? i.payload.points.length : 0), 0);

  return (
    <div className="mine">
      <div className="me-bar">
        <span>
          {user.displayName || user.username} · {user.divisionName}
        </span>
        <button
          type="button"
          className="link"
          onClick={() => {
            const pending = items.filter((i) => i.state === 'queued' || i.state === 'sending' || i.state === 'failed' || hasPendingOriginals(i)).length;
            if (!pending || confirm(`本机还有 ${pending} 条未发送的记录，将在您再次登录后发送。确定退出？`)) onLogout();
          }}
        >
          退出登录
        </button>
      </div>

      <h3 className="section-title">本机记录</h3>
      <WifiChoice />
      {rows.length === 0 && <div className="muted small pad">没有待发送的上报</div>}
      <ul className="queue" data-testid="queue">
        {rows.map((it) => (
          <QueueRow key={it.id} item={it} parent={it.kind === 'photos' && it.payload.caseClientId ? items.find((p) => p.id === it.payload.caseClientId) : undefined} />
        ))}
      </ul>
      {tracks.length > 0 && (
        <div className="muted small pad" data-testid="track-pending">
          巡查轨迹：{tracks.length} 批（{trackPoints} 个点）待发送{tracks.some((t) => t.state === 'failed') ? `，失败：${tracks.find((t) => t.state === 'failed')?.error}` : ''}
        </div>
      )}

      <h3 className="section-title">
        已上报{server ? `（共 ${server.total} 件）` : ''}
        {serverError && server && <small className="muted">　{online ? serverError : `离线，${formatTime(new Date(server.at).toISOString())} 的记录`}</small>}
      </h3>
      {!server && !serverError && <div className="muted small pad">加载中…</div>}
      {!server && serverError && <div className="notice small">{online ? serverError : '离线，联网后显示'}</div>}
      <ul className="cases">
        {server?.items.map((c) => (
          <li key={c.id} className="case-row" data-testid="my-case">
            <div className="case-row-main">
              <b className="case-no">{c.caseNo}</b>
              <span className="tag" style={KIND_TAG[c.kind] ?? KIND_TAG.violation} data-testid="my-case-kind">
                {kindLabel(c.kind)}
              </span>
              <KindStatusTag kind={c.kind} status={c.status} />
            </div>
            <div className="muted small">
              {[c.townName, c.divisionName].filter(Boolean).join(' · ')} · {formatTime(c.foundAt)} · 照片 {c.photoCount}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** `parent`: for photos added to a report of this phone, that report (once sent, it names its case). */
function QueueRow({ item, parent }: { item: OutboxItem; parent?: OutboxItem }) {
  let title: string;
  let sub: string;
  if (item.kind === 'case') {
    const what = item.payload.kind === 'waterlogging' ? '积水点上报' : item.payload.campaignId ? '专项整治上报' : '违建上报';
    title = item.result?.caseNo ? `${what} ${item.result.caseNo}` : what;
    sub = [
      item.payload.campaignName ?? null,
      item.payload.category ? CATEGORY_LABELS[item.payload.category] : null,
      item.payload.depthCm ? `积水深度 ${item.payload.depthCm} 厘米` : null,
      item.payload.note,
      item.payload.accuracy !== null ? `GPS ±${Math.round(item.payload.accuracy)} 米` : null,
    ]
      .filter(Boolean)
      .join(' · ');
  } else if (item.kind === 'photos') {
    // photos for a report still on this phone: once that report is sent, they go to its case
    const caseNo = item.payload.caseNo ?? (parent?.kind === 'case' ? (parent.result?.caseNo ?? null) : null);
    title = `补充${STAGE_LABELS[item.payload.stage]}照片${caseNo ? ` → ${caseNo}` : ''}`;
    if (caseNo) sub = '';
    else if (item.payload.caseClientId && (!parent || parent.state === 'sent')) sub = item.state === 'sent' ? '已补充到所属上报的案件' : '补充到已发送的上报';
    else sub = '补充到本机待发送的上报';
  } else if (item.kind === 'verdict') {
    // 图斑核查结论: the patch, the verdict, and once sent what it became
    title = `图斑核查 ${item.payload.patchCode}`;
    sub = [verdictOutcome(item.payload, item.result), item.payload.caseNo ? `对应案件 ${item.payload.caseNo}` : null, item.payload.note].filter(Boolean).join(' · ');
  } else {
    title = '巡查轨迹';
    sub = `${item.payload.points.length} 个点`;
  }
  const sending = getProgress(`item:${item.id}`);
  const originals = originalsState(item);
  const originalError =
    originals && originals.state !== 'verified' && originals.state !== 'uploading' ? (item.kind !== 'track' ? item.originals?.find((o) => o.error)?.error : null) : null;
  return (
    <li
      className={`queue-item state-${item.state}`}
      data-testid="queue-item"
      data-state={item.state}
      data-client-id={item.id}
      data-case-id={item.kind === 'case' ? item.result?.id : item.kind === 'verdict' ? (item.result?.caseId ?? undefined) : undefined}
      data-attempts={item.attempts}
    >
      <BlobImg className="thumb" blob={item.thumb} />
      <div className="queue-info">
        <b>
          {/* a case number breaks at no hyphen */}
          {title.split(/([A-Z]{1,6}-\d{4}-\d+)/).map((part, i) =>
            i % 2 ? (
              <span key={part} className="nowrap">
                {part}
              </span>
            ) : (
              part
            ),
          )}
        </b>
        <span className="muted small">
          {formatTime(item.createdAt)}
          {sub ? ` · ${sub}` : ''}
        </span>
        {item.error && item.state !== 'sent' && <span className={item.state === 'failed' ? 'error small' : 'muted small'}>{item.error}</span>}
        {originalError && <span className={originals?.state === 'refused' || originals?.state === 'failed' ? 'error small' : 'muted small'}>{originalError}</span>}
        {item.state === 'failed' && item.kind === 'case' && item.payload.campaignId && item.errorCode?.startsWith('report.campaign_') && (
          <button
            type="button"
            className="btn small"
            style={{ alignSelf: 'flex-start', marginTop: 6 }}
            data-testid="resend-without-campaign"
            onClick={() => void resendWithoutCampaign(item.id).then(kickNew)}
          >
            不计入专项，重新发送
          </button>
        )}
      </div>
      <div className="queue-side">
        <span className={`state state-${item.state}`} data-testid="item-state">
          {STATE_LABELS[item.state]}
          {item.state === 'sending' && sending ? ` ${Math.floor((sending.sent / sending.total) * 100)}%` : ''}
        </span>
        {originals && (
          <span className={`state original-${originals.state}`} data-testid="original-state" data-original={originals.state}>
            {originals.label}
          </span>
        )}
        {originals?.state === 'failed' && item.kind !== 'track' && (
          <button
            type="button"
            className="btn small"
            onClick={() => void Promise.all((item.originals ?? []).filter((o) => o.status === 'failed').map((o) => retryOriginal(item.id, o.sha256))).then(kickNew)}
          >
            重传原图
          </button>
        )}
        {item.state === 'failed' && (
          <>
            <button type="button" className="btn small" onClick={() => void retryItem(item.id).then(kickNew)}>
              重试
            </button>
            <button
              type="button"
              className="link small danger"
              onClick={() => {
                if (confirm('删除这条未发送的记录？照片将从本机删除。')) void removeItem(item.id);
              }}
            >
              删除
            </button>
          </>
        )}
      </div>
    </li>
  );
}
