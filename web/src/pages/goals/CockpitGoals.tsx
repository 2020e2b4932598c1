import { useTranslation } from 'react-i18next';
import { useGoals } from './GoalsPanel';
import './goals.css';

const STATE_COLOR = { cleared: '#51cf66', on_pace: '#4fd1ff', stalled: '#ff6b6b' } as const;

/** The two goals on the wall display: the scope's stock cleared and its projection, the new of this year, and each unit's projection. */
export function CockpitGoals({ division, refreshMs }: { division?: string; refreshMs?: number }) {
  const { t } = useTranslation();
  const { data } = useGoals(division, refreshMs);
  if (!data) return null;
  const g = data.total;
  const units = [...data.units].sort((a, b) => b.remaining.count - a.remaining.count);
  return (
    <div className="cockpit-goals" data-testid="cockpit-goals">
      <div className="cockpit-goal">
        <div className="label">{t('goals.cockpitStock')}</div>
        <div className="value">{Math.round(g.clearedRate * 100)}%</div>
        <div className="sub">
          {t('goals.cockpitRemaining', { n: g.remaining.count })} ·{' '}
          <span style={{ color: STATE_COLOR[g.projection.state] }} data-testid="cockpit-projection">
            {g.projection.text}
          </span>
        </div>
      </div>
      <div className="cockpit-goal">
        <div className="label">{t('goals.cockpitNew')}</div>
        <div className="value" style={{ color: g.newOpen ? '#ffa94d' : '#51cf66' }}>
          {g.newOpen}
        </div>
        <div className="sub">{t('goals.cockpitNewLine', { n: g.newThisYear, open: g.newOpen })}</div>
      </div>
      <div className="cockpit-goal-units">
        {units.map((u) => (
          <span key={u.code} className="cockpit-goal-unit">
            <b>{u.name}</b> <span style={{ color: STATE_COLOR[u.projection.state] }}>{u.projection.text.replace('按当前进度，', '')}</span>
          </span>
        ))}
      </div>
    </div>
  );
}
