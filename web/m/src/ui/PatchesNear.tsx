import { useEffect, useState } from 'react';
import type { User } from '../../../src/api/types';
import type { OutboxItem } from '../db';
import { distanceM } from '../geo';
import { formatDistance, formatTime } from '../labels';
import { awaitingVerdict, queryPatches, refreshPatches, SOURCE_LABELS, usePatches, type PatchNear } from '../patches';
import type { Fix } from '../position';
import { onSent } from '../sync';
import PatchSheet from './PatchSheet';

/**
 * 周边图斑: the change patches (变化图斑) still to check around the inspector, nearest first; tapping one opens
 * its field check (PatchSheet). Asked for again when the inspector has moved some 200 m, when the app comes back to
 * the front or online, and after a verdict was sent. A patch whose verdict waits in the outbox is not listed.
 */
export default function PatchesNear({ user, fix, outbox, onDone }: { user: User; fix: Fix | null; outbox: OutboxItem[]; onDone: (m: string, untilSent?: string | null) => void }) {
  const { items: all, cachedAt } = usePatches();
  const waiting = awaitingVerdict(outbox, cachedAt);
  const items = all.filter((p) => !waiting.has(p.id));
  const [open, setOpen] = useState(false);
  const [selected, setSelected] = useState<PatchNear | null>(null);
  // asked again per ~200 m cell (the cell's centre), not for every fix
  const cell = fix ? `${Math.round(fix.lon * 500)}:${Math.round(fix.lat * 500)}` : null;
  useEffect(() => {
    if (!cell) return;
    const [x, y] = cell.split(':').map(Number);
    queryPatches(x / 500, y / 500, user.username);
  }, [cell, user.username]);
  useEffect(() => {
    const visible = () => document.visibilityState === 'visible' && refreshPatches();
    document.addEventListener('visibilitychange', visible);
    window.addEventListener('online', refreshPatches);
    const off = onSent((it) => it.kind === 'verdict' && refreshPatches());
    return () => {
      document.removeEventListener('visibilitychange', visible);
      window.removeEventListener('online', refreshPatches);
      off();
    };
  }, []);
  if (!items.length && !selected) return null;
  return (
    <>
      {items.length > 0 && (
        <button
          type="button"
          className="around-chip"
          style={{ bottom: 140, background: '#fff1f0', color: '#a8071a' }}
          onClick={() => setOpen((o) => !o)}
          data-testid="patches-near-count"
        >
          周边图斑 · {items.length} 个待核查<span className="caret">{open ? '▾' : '▴'}</span>
        </button>
      )}
      {open && items.length > 0 && (
        <div className="around-list" data-testid="patches-near-list" style={{ position: 'absolute', left: 0, right: 0, bottom: 0, zIndex: 6, maxHeight: '50%' }}>
          <button type="button" className="around-item" onClick={() => setOpen(false)} style={{ justifyContent: 'space-between', fontWeight: 600 }}>
            <span>
              周边图斑 · {items.length} 个待核查
              {cachedAt !== null && (
                <span className="muted small" style={{ fontWeight: 400 }} data-testid="patches-near-kept">
                  {' '}
                  · 离线,{formatTime(new Date(cachedAt).toISOString())} 的记录
                </span>
              )}
            </span>
            <span className="caret">▾</span>
          </button>
          {items.map((p) => (
            <button type="button" key={p.id} className="around-item" onClick={() => setSelected(p)} data-testid="patch-item">
              <span className="around-info">
                <b className="case-no">图斑 {p.code}</b>
                <span className="muted small">
                  {SOURCE_LABELS[p.source] ?? p.source} · {p.batchNo} · {p.villageName}
                  {p.overdue ? <b style={{ color: '#cf1322' }}> · 已超期</b> : ` · ${p.dueOn} 前核查`}
                  {p.returnReason ? <span style={{ color: '#ad4e00' }}> · 被退回</span> : null}
                </span>
              </span>
              <span className="dist">{formatDistance(fix ? distanceM(fix.lon, fix.lat, p.lon, p.lat) : p.distanceM)}</span>
            </button>
          ))}
        </div>
      )}
      {selected && (
        <PatchSheet
          user={user}
          patch={selected}
          fix={fix}
          onClose={() => setSelected(null)}
          onDone={(m, untilSent) => {
            setSelected(null);
            onDone(m, untilSent);
          }}
        />
      )}
    </>
  );
}
