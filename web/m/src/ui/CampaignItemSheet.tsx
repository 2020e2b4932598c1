import type { CampaignItemNear } from '../campaigns';
import { distanceM } from '../geo';
import { formatDistance } from '../labels';
import type { Fix } from '../position';

/** A campaign item (专项整治对象) tapped on the map: its campaign, what it is, where it stands, who fixes it. */
export default function CampaignItemSheet({ item, fix, onClose }: { item: CampaignItemNear; fix: Fix | null; onClose: () => void }) {
  const distance = fix ? distanceM(fix.lon, fix.lat, item.lon, item.lat) : item.distanceM;
  const what = [item.ref, item.name].filter(Boolean).join(' ') || item.categoryLabel;
  return (
    <div
      className="sheet-backdrop"
      role="dialog"
      aria-modal="true"
      aria-label={`专项整治对象 ${what}`}
      onClick={(e) => e.target === e.currentTarget && onClose()}
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <div className="bottom-sheet" data-testid="campaign-item-sheet">
        <div className="grabber" />
        <div className="case-head">
          <div>
            <span className="tag" style={{ color: '#ad4e00', borderColor: '#fa8c16', background: '#fff7e6' }}>
              专项整治
            </span>{' '}
            <b>{item.campaignName}</b>
          </div>
          <button type="button" className="link" onClick={onClose} aria-label="关闭">
            关闭
          </button>
        </div>
        <dl className="item-facts">
          <dt>整治对象</dt>
          <dd data-testid="campaign-item-what">{what}</dd>
          <dt>类别</dt>
          <dd>{item.categoryLabel}</dd>
          <dt>状态</dt>
          <dd>
            <span className="tag" style={{ color: '#ad4e00', borderColor: '#fa8c16' }} data-testid="campaign-item-status">
              {item.statusLabel}
            </span>
          </dd>
          {item.responsibleUnit && (
            <>
              <dt>责任单位</dt>
              <dd>{item.responsibleUnit}</dd>
            </>
          )}
          <dt>编号</dt>
          <dd className="case-no">{item.caseNo}</dd>
          <dt>距离</dt>
          <dd>相距 {formatDistance(distance)}</dd>
        </dl>
        <div className="muted small">专项整治对象由责任单位整治，在指挥中心的专项页面办理</div>
      </div>
    </div>
  );
}
