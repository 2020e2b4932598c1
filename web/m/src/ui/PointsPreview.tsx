import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { CaseStatus } from '../../../src/api/types';
import { STATUS_COLORS } from '../../../src/lib/status';
import type { NearbyCase } from '../api';
import { aroundFrame } from '../map/frame';
import { MARKS, markOnce } from '../marks';
import type { Fix } from '../position';

/**
 * The cases around the inspector drawn before the map library has arrived: the same view the map will
 * open with (the 500 m circle fitted, me in its centre), the points in their status colours (the list
 * below opens them). On a slow link the points are there with the first screen instead of after OpenLayers (~100 KB).
 */
export default function PointsPreview({ fix, cases, aroundM }: { fix: Fix | null; cases: NearbyCase[]; aroundM: number }) {
  const el = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  useLayoutEffect(() => {
    const r = el.current?.getBoundingClientRect();
    if (r) setSize({ w: r.width, h: r.height });
  }, []);
  const drawn = !!(fix && size && cases.length);
  useEffect(() => {
    if (drawn) markOnce(MARKS.points);
  }, [drawn]);

  const frame = fix && size ? aroundFrame(size.w, size.h, fix, aroundM) : null;
  return (
    <div ref={el} className="map-placeholder" data-testid="points-preview">
      {frame && size && (
        <svg width={size.w} height={size.h} role="img" aria-label={`周边 ${aroundM} 米的案件`}>
          <circle cx={frame.cx} cy={frame.cy} r={frame.radiusPx} fill="none" stroke="rgba(29,53,87,0.55)" strokeWidth={1.5} strokeDasharray="6 6" />
          {cases.map((c) => {
            const [x, y] = frame.place(c.lon, c.lat);
            return <circle key={c.id} cx={x} cy={y} r={9} fill={STATUS_COLORS[c.status as CaseStatus] ?? '#999'} stroke="#fff" strokeWidth={1.5} data-testid="preview-point" />;
          })}
          <circle cx={frame.cx} cy={frame.cy} r={8} fill="#1677ff" stroke="#fff" strokeWidth={3} />
        </svg>
      )}
    </div>
  );
}
