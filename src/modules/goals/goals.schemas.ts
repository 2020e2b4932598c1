import { Type } from 'typebox';
import { Enum, Nullable } from '../../platform/schemas.js';

const Counted = Type.Object({ count: Type.Integer(), area: Type.Number({ description: 'm²' }) });

/** One unit's progress to 存量清零、新增归零. */
export const GoalFigures = Type.Object({
  code: Type.String(),
  name: Type.String(),
  baseline: { ...Counted, description: 'every stock case (存量, the census baseline), closed or not' },
  remaining: { ...Counted, description: 'stock cases still open' },
  cleared: { ...Counted, description: 'stock cases closed (销号)' },
  clearedRate: Type.Number({ description: 'cleared / baseline, 0–1 (1 when there is no stock)' }),
  pacePerMonth: Type.Number({ description: 'stock cleared per month over the last `paceMonths` months (negative: the stock grew)' }),
  projection: Type.Object(
    {
      state: Enum(['cleared', 'on_pace', 'stalled'] as const, 'cleared: no stock left; on_pace: the month of zero at this pace; stalled: the pace is zero or negative'),
      month: Nullable(Type.String({ description: 'YYYY-MM' })),
      text: Type.String({ description: 'zh-CN, e.g. 按当前进度，预计 2027年5月 清零' }),
    },
    { description: 'when the remaining stock reaches zero at the current pace' },
  ),
  newThisYear: Type.Integer({ description: 'new cases (新增) found since 1 January (China time)' }),
  newOnFarmlandThisYear: Type.Integer({ description: 'of them on cultivated land or basic farmland' }),
  newOpen: Type.Integer({ description: 'new cases still open (the goal 新增归零 is 0)' }),
  trend: Type.Array(
    Type.Object({
      month: Type.String({ description: 'YYYY-MM' }),
      stockRemaining: Type.Integer({ description: 'stock open at the month end (now for the current month)' }),
      newFound: Type.Integer({ description: 'new cases found in the month' }),
      newOpen: Type.Integer({ description: 'new cases open at the month end' }),
    }),
  ),
});

export const Goals = Type.Object(
  {
    division: Type.Object({ code: Type.String(), name: Type.String(), level: Enum(['city', 'town', 'village'] as const) }),
    asOf: Type.String({ description: 'ISO 8601' }),
    month: Type.String({ description: 'the current China month, YYYY-MM' }),
    paceMonths: Type.Integer({ description: 'months the pace is measured over' }),
    total: {
      ...GoalFigures,
      description: 'the whole scope; its projection is the latest of its units’ (it is clear when its last unit is; one unit that cannot clear keeps it from a date)',
    },
    units: Type.Array(GoalFigures, { description: 'the towns of the city, or the villages of a town' }),
  },
  { description: 'The two goals (存量清零、新增归零) in the jurisdiction or the division asked; illegal buildings only' },
);
