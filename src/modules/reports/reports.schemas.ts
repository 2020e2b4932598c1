import { Type, type Static } from 'typebox';
import { Enum, Nullable, Uuid } from '../../platform/schemas.js';

/** The report's query; month and division are checked by the service (English code, zh-CN message). */
export const MonthlyQuery = Type.Object(
  {
    division: Type.Optional(
      Type.String({
        maxLength: 20,
        description:
          'A town (镇街) or the city; default: your jurisdiction. Unknown → 400 report.unknown_division; a village → 400 report.invalid_division; outside your jurisdiction → 404',
      }),
    ),
    month: Type.Optional(
      Type.String({
        maxLength: 10,
        description: 'YYYY-MM (China time); default: the last month that has ended. Malformed → 400 report.invalid_month; not begun yet → 400 report.future_month',
      }),
    ),
  },
  { additionalProperties: false },
);

/* ---- the report ---- */
const Color = Enum(['green', 'blue', 'yellow', 'orange', 'red'] as const);
const I = (description?: string) => Type.Integer({ description });
const N = (description?: string) => Type.Number({ description });

/** The month's figures of a unit (or the whole jurisdiction). */
const ReportFigures = Type.Object({
  stockCount: I('stock cases 存量 registered by the month’s end'),
  stockAreaM2: N(),
  stockOpenCount: I(),
  stockOpenAreaM2: N(),
  stockClosedAreaM2: N(),
  newCount: I('new cases 新增 found by the month’s end'),
  newAreaM2: N(),
  newOpenCount: I(),
  newOpenAreaM2: N(),
  openCount: I(),
  openAreaM2: N(),
  reports: I('reports in the month'),
  verifications: I(),
  rejections: I(),
  closings: I(),
  validClosings: I(),
  demolishedCount: I(),
  demolishedAreaM2: N(),
  rebuilds: I(),
  overdue: I(),
  redLineNew: I('new cases on basic farmland or cultivated land'),
  complaints: I(),
  noticesIssued: I(),
  noticesAnswered: I(),
  noticesOpen: I(),
  noticesDue: I(),
  noticesOnTime: I(),
});
const RedLineHit = Type.Object({ id: Type.String(), name: Type.String(), cap: Color });
const IndexUnit = Type.Object({
  code: Type.String(),
  name: Type.String(),
  score: Type.Number(),
  rank: Type.Integer(),
  rankInTown: Nullable(Type.Integer()),
  color: Color,
  change: Nullable(Type.Object({ score: Type.Number(), rank: Type.Number(), color: Enum(['better', 'worse', 'same'] as const), previousColor: Color })),
  redLines: Type.Array(RedLineHit),
});
const TopCase = Type.Object({
  id: Uuid,
  caseNo: Type.String(),
  town: Type.String(),
  village: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  origin: Type.String(),
  disposalClass: Nullable(Type.String()),
  disposalLabel: Nullable(Type.String()),
  areaM2: Nullable(Type.Number()),
  foundAt: Type.String(),
  deadlineAt: Nullable(Type.String()),
  daysOverdue: Nullable(Type.Integer()),
});
const TopVillage = Type.Object({ code: Type.String(), name: Type.String(), town: Type.String(), count: Type.Integer(), newAreaM2: Type.Number(), openCount: Type.Integer() });

/** The monthly report (月度报告): what the page shows and the PDF prints. */
export const MonthlyReport = Type.Object(
  {
    month: Type.String({ description: 'YYYY-MM' }),
    monthLabel: Type.String(),
    periodStart: Type.String(),
    periodEnd: Type.String(),
    asOf: Type.String(),
    asOfLabel: Type.String(),
    partial: Type.Boolean({ description: 'the month has not ended: as of now' }),
    generatedAt: Type.String(),
    division: Type.Object({ code: Type.String(), name: Type.String(), shortName: Type.String(), level: Enum(['city', 'town', 'village'] as const) }),
    totals: ReportFigures,
    previous: Nullable(ReportFigures),
    trend: Type.Array(Type.Object({ ...ReportFigures.properties, month: Type.String() }), { description: '12 months, oldest first' }),
    index: Type.Union([
      Type.Object({ available: Type.Literal(false), message: Type.String(), pending: Type.Boolean() }),
      Type.Object({
        available: Type.Literal(true),
        runId: Uuid,
        period: Type.String(),
        definitionVersion: Type.Integer(),
        finishedAt: Nullable(Type.String()),
        partial: Type.Boolean(),
        unit: Nullable(Type.Object({ ...IndexUnit.properties, rankOf: Nullable(Type.Integer()) })),
        level: Type.String(),
        units: Type.Array(IndexUnit),
        colors: Type.Record(Type.String(), Type.Integer()),
        trend: Type.Array(Type.Object({ month: Type.String(), score: Type.Number(), rank: Type.Integer(), color: Color })),
      }),
    ]),
    breakdownLevel: Enum(['town', 'village'] as const),
    breakdown: Type.Array(Type.Object({ ...ReportFigures.properties, code: Type.String(), name: Type.String() })),
    top: Type.Object({
      newVillages: Type.Array(TopVillage),
      overdueVillages: Type.Array(TopVillage),
      redLine: Type.Object({
        cases: Type.Array(TopCase),
        units: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), color: Color, redLines: Type.Array(RedLineHit) })),
      }),
      biggestOpen: Type.Array(TopCase),
      longestOverdue: Type.Array(TopCase),
    }),
  },
  { description: 'The monthly report' },
);

/** The monthly report as the API sends it and the PDF draws it. */
export type MonthlyReportView = Static<typeof MonthlyReport>;
