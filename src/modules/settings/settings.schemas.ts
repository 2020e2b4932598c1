import { Type } from 'typebox';
import { DISPOSAL_CLASSES, LAND_TYPES, ORIGINS, OWNER_KINDS, SAFETY_RISKS, STRUCTURES, USES } from '../../../shared/enums.js';
import { DateTime, Enum, Nullable } from '../../platform/schemas.js';

const DayKind = Enum(['holiday', 'workday'] as const, 'holiday 法定节假日 / workday 调休上班');
export const CalendarDay = Type.Object({ day: Type.String({ description: 'YYYY-MM-DD' }), kind: DayKind, name: Type.String() }, { description: 'A day of the official calendar' });
export const CalendarYear = Type.Object({ year: Type.Integer(), days: Type.Array(CalendarDay) }, { description: 'The holidays and make-up working days of the year' });
export const OfficialYear = Type.Object(
  {
    year: Type.Integer(),
    source: Type.String({ description: 'the State Council notice' }),
    published: Type.String({ description: 'YYYY-MM-DD' }),
    days: Type.Integer({ description: 'days the notice sets' }),
    matching: Type.Integer({ description: 'of those, how many the calendar holds as the notice says' }),
  },
  { description: 'A State Council holiday arrangement this release carries' },
);
export const OfficialYears = Type.Object({ items: Type.Array(OfficialYear) }, { description: 'The arrangements this release carries' });
export const DayCleared = Type.Object({ day: Type.String(), cleared: Type.Literal(true) }, { description: 'The day is ordinary again' });

export const DeadlinePolicy = Type.Object(
  {
    verifyDays: Type.Integer(),
    classifyDays: Type.Integer(),
    rectifyDays: Type.Object({ demolish: Type.Integer(), remedy: Type.Integer() }),
    reviewDays: Type.Integer(),
    noticeReplyDays: Type.Integer(),
    escalateAfterNotices: Type.Integer(),
  },
  { description: 'Step deadlines in working days, the notice reply time and the escalation rule' },
);

/** A disposal rule; `when` is the rule's own JSON condition document. */
const DisposalRule = Type.Object({
  id: Type.String(),
  priority: Type.Integer(),
  suggest: Enum(DISPOSAL_CLASSES),
  reason: Type.String(),
  when: Type.Record(Type.String(), Type.Unknown(), { description: 'facts and the values they must have; areaAtLeast / areaBelow in m²' }),
});
export const DisposalRules = Type.Object(
  {
    version: Type.Integer({ description: '0: the built-in defaults' }),
    rules: Type.Array(DisposalRule),
    updatedAt: Nullable(DateTime()),
    updatedBy: Nullable(Type.String()),
    isDefault: Type.Boolean(),
    defaults: Type.Array(DisposalRule),
    facts: Type.Record(Type.String(), Type.Object({ label: Type.String(), values: Type.Unsafe<readonly unknown[]>(Type.Array(Type.Unknown())) }), {
      description: 'the facts a rule may test, with their allowed values',
    }),
  },
  { description: 'The disposal rule set in force' },
);
export const DisposalRulesHistory = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        at: DateTime(),
        by: Nullable(Type.String()),
        before: Type.Unknown({ description: 'the set before (audit record)' }),
        after: Type.Unknown({ description: 'the set after' }),
      }),
    ),
  },
  { description: 'Earlier versions, newest first' },
);

/** The facts of an imagined case for 试算; a fact left out is unknown (yes/no facts: no; 安全隐患: 低; 存量/新增: 新增). */
export const TrialFacts = Type.Object(
  {
    areaM2: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 10_000_000 }))),
    floors: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 200 }))),
    structure: Type.Optional(Nullable(Enum(STRUCTURES))),
    use: Type.Optional(Nullable(Enum(USES))),
    landType: Type.Optional(Nullable(Enum(LAND_TYPES))),
    onBasicFarmland: Type.Optional(Type.Boolean()),
    onCultivatedLand: Type.Optional(Type.Boolean()),
    safetyRisk: Type.Optional(Enum(SAFETY_RISKS)),
    ownerKind: Type.Optional(Nullable(Enum(OWNER_KINDS))),
    origin: Type.Optional(Enum(ORIGINS)),
  },
  { additionalProperties: false },
);
export const DisposalTrial = Type.Object(
  {
    disposalClass: Nullable(Enum(DISPOSAL_CLASSES)),
    matches: Type.Array(
      Type.Object({
        rule: Type.Integer({ description: 'the place of the rule in the set tried, from 0' }),
        suggest: Enum(DISPOSAL_CLASSES),
        reason: Type.String(),
      }),
      { description: 'the matching rules, strongest first' },
    ),
  },
  { description: 'What the rule set suggests for the facts tried' },
);
