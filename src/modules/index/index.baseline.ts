import type { Direction } from './index.definition.js';
import { percentileSorted } from './index.engine.js';

/**
 * Goalposts from a county's own baseline (基期). Pure: the values of one indicator over the units of a
 * baseline period in, the goalposts out. A density's scale depends on how much the census found, so
 * the county sets it from its own data instead of copying another county's numbers: the worse goalpost
 * is the value the worst twentieth (5 %) of the baseline's villages reach (a unit as bad as them scores 0), the
 * better one the policy's target (no violation: 0; every case: 100 %). docs/index.md: how often and
 * who approves.
 */
export interface BaselineRule {
  /**
   * Share of the baseline's units (0–1) at or better than the worse goalpost: 0.9 → the worst tenth of
   * the units score 0 on the baseline, the others above 0.
   */
  worstShare: number;
  /** The better goalpost: the policy's target (the goal itself, e.g. 0 new violations), or a share of units as for the worse one. */
  best: { target: number } | { share: number };
  /** Fewer units with a value than this: the baseline says too little to set goalposts. */
  minUnits?: number;
}

/** The default rule: the 95th percentile of the baseline on the worse side (the worst twentieth of villages score 0), the target on the better. */
export const BASELINE_RULE_DEFAULT = { worstShare: 0.95, minUnits: 10 } as const;

export type BaselineGoalposts =
  | {
      goalposts: { lower: number; upper: number };
      /** The worse and better goalposts before they were put in order as lower/upper. */
      worst: number;
      best: number;
      /** The baseline's value at the percentile, before rounding. */
      worstRaw: number;
      /** Units with a value in the baseline. */
      n: number;
    }
  | { goalposts: null; reason: 'too_few_units' | 'no_spread'; n: number };

/**
 * Rounds a goalpost to two significant digits, away from the better end, so it reads as a number a
 * county would publish (1,139.35 → 1,200; 35.93 → 36; 3.77 → 3.8) and a unit at the percentile still
 * scores at least 0.
 */
export function roundGoalpost(x: number, away: 'up' | 'down'): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const step = 10 ** (Math.floor(Math.log10(Math.abs(x))) - 1);
  const k = away === 'up' ? Math.ceil(x / step - 1e-9) : Math.floor(x / step + 1e-9);
  // k * step in floating point can come out as 3.8000000000000003: read it back from its decimal form
  return Number((k * step).toPrecision(12));
}

export function goalpostsFromBaseline(values: readonly (number | null | undefined)[], direction: Direction, rule: BaselineRule): BaselineGoalposts {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  const n = xs.length;
  if (n < (rule.minUnits ?? 1) || n === 0) return { goalposts: null, reason: 'too_few_units', n };
  const lowerIsBetter = direction === 'lower';
  // the value that a share of the units are at or better than: nearest rank, best first
  const bestFirst = lowerIsBetter ? xs : [...xs].reverse();
  const at = (share: number) => percentileSorted(bestFirst, share);
  const worstRaw = at(rule.worstShare);
  const worst = roundGoalpost(worstRaw, lowerIsBetter ? 'up' : 'down');
  const best = 'target' in rule.best ? rule.best.target : roundGoalpost(at(rule.best.share), lowerIsBetter ? 'down' : 'up');
  // the baseline's worse end must lie on the worse side of the better goalpost, or it cannot tell units apart
  if (lowerIsBetter ? !(worst > best) : !(worst < best)) return { goalposts: null, reason: 'no_spread', n };
  return { goalposts: lowerIsBetter ? { lower: best, upper: worst } : { lower: worst, upper: best }, worst, best, worstRaw, n };
}
