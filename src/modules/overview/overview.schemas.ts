import { Type } from 'typebox';
import { Enum, Nullable, Uuid } from '../../platform/schemas.js';

const Counted = Type.Object({ count: Type.Integer(), area: Type.Number({ description: 'm²' }) });
const Color = Enum(['green', 'blue', 'yellow', 'orange', 'red'] as const);

/** The situation at a glance (总览). */
export const Overview = Type.Object(
  {
    division: Type.Object({ code: Type.String(), name: Type.String(), level: Enum(['city', 'town', 'village'] as const) }),
    asOf: Type.String({ description: 'ISO 8601' }),
    month: Type.String({ description: 'YYYY-MM (China time)' }),
    totals: Type.Object({ stock: Counted, new: Counted, open: Counted, closed: Counted, overdue: Type.Integer() }),
    thisMonth: Type.Object({ found: Type.Integer(), foundNew: Type.Integer(), closed: Type.Integer(), closedArea: Type.Number(), overdue: Type.Integer() }),
    byStatus: Type.Record(Type.String(), Type.Integer(), { description: 'open and closed cases per status' }),
    byClass: Type.Record(Type.String(), Type.Integer(), { description: 'cases per disposal class (`none`: not classified)' }),
    units: Type.Array(
      Type.Object({
        code: Type.String(),
        name: Type.String(),
        stock: Type.Integer(),
        stockArea: Type.Number(),
        stockClosed: Type.Integer(),
        stockClearedRate: Type.Number(),
        new: Type.Integer(),
        newOpen: Type.Integer(),
        newOpenArea: Type.Number(),
        open: Type.Integer(),
        overdue: Type.Integer(),
        indexColor: Nullable(Color),
        indexScore: Nullable(Type.Number()),
        indexRank: Nullable(Type.Integer()),
      }),
      { description: 'the towns of the city, or the villages of a town' },
    ),
    trend: Type.Array(
      Type.Object({
        month: Type.String(),
        openStock: Type.Integer(),
        openNew: Type.Integer(),
        openArea: Type.Number(),
        foundStock: Type.Integer(),
        foundNew: Type.Integer(),
        closed: Type.Integer(),
        closedArea: Type.Number(),
      }),
      { description: 'per China month: the open cases at its end, the reports and closings in it' },
    ),
    index: Nullable(
      Type.Object({
        runId: Uuid,
        period: Type.String(),
        colors: Type.Record(Type.String(), Type.Record(Type.String(), Type.Integer()), { description: 'per level: units per colour' }),
      }),
    ),
  },
  { description: 'The situation in the jurisdiction or the division asked' },
);
