import { useState } from 'react';
import { useCampaignItems } from '../campaigns';
import { formatDistance } from '../labels';

/** 周边专项: the open items of running campaigns around the inspector, by campaign, nearest first. */
export default function CampaignsNear({ onSelect }: { onSelect: (id: string) => void }) {
  const items = useCampaignItems();
  const [open, setOpen] = useState(false);
  if (!items.length) return null;
  return (
    <>
      <button
        type="button"
        className="around-chip"
        style={{ bottom: 92, background: '#fff7e6', color: '#ad4e00' }}
        onClick={() => setOpen((o) => !o)}
        data-testid="campaigns-near-count"
      >
        周边专项整治 · {items.length} 个待整治<span className="caret">{open ? '▾' : '▴'}</span>
      </button>
      {open && (
        <div className="around-list" data-testid="campaigns-near-list" style={{ position: 'absolute', left: 0, right: 0, bottom: 0, zIndex: 5, maxHeight: '45%' }}>
          <button type="button" className="around-item" onClick={() => setOpen(false)} style={{ justifyContent: 'space-between', fontWeight: 600 }}>
            周边专项整治 · {items.length} 个待整治<span className="caret">▾</span>
          </button>
          {items.map((c) => (
            <button
              type="button"
              key={c.id}
              className="around-item"
              onClick={() => {
                setOpen(false);
                onSelect(c.id);
              }}
            >
              <span className="around-info">
                <b className="case-no">
                  {c.ref ?? c.caseNo} {c.name ?? c.categoryLabel}
                </b>
                <span className="muted small">
                  {c.campaignName} · {c.statusLabel}
                  {c.responsibleUnit ? ` · ${c.responsibleUnit}` : ''}
                </span>
              </span>
              <span className="dist">{formatDistance(c.distanceM)}</span>
            </button>
          ))}
        </div>
      )}
    </>
  );
}
