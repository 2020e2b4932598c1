import { Type, type TSchema } from 'typebox';
import { Enum, Nullable, Uuid } from '../../platform/schemas.js';
import { AGGREGATIONS, NORMALISATIONS } from './index.definition.js';

const E = <const V extends readonly string[]>(vals: V, description?: string) => Enum(vals, description);

export const PeriodKey = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2]|Q[1-4])$', description: 'a month YYYY-MM or a quarter YYYY-Qn (China time)' });

export const StartRunBody = Type.Object(
  {
    period: PeriodKey,
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295, description: 'Monte Carlo seed (random when absent; stored with the run)' })),
    normalisation: Type.Optional(E(NORMALISATIONS, "override of the definition's normalisation")),
    aggregation: Type.Optional(E(AGGREGATIONS, "override of the definition's aggregation")),
    draws: Type.Optional(Type.Integer({ minimum: 0, maximum: 20000, description: 'Monte Carlo draws (default from the definition, 1,000)' })),
    county: Type.Optional(
      Type.String({
        pattern: '^[0-9]{6}$',
        description: "a county's rerun of a finished period: that county's stored measures are computed again, the others read as stored; the run is still the whole city's",
      }),
    ),
  },
  { additionalProperties: false },
);

export const RunsQuery = Type.Object(
  { period: Type.Optional(PeriodKey), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) },
  { additionalProperties: false },
);

export const ResultsQuery = Type.Object({ level: Type.Optional(E(['town', 'village'], 'town (default) or village')) }, { additionalProperties: false });

export const UnitParams = Type.Object({ id: Uuid, code: Type.String({ pattern: '^[0-9]{6,12}$', description: 'division code' }) }, { additionalProperties: false });

/** The definition is checked by validateDefinition (every problem named), not by the schema. */
export const SaveDefinitionBody = Type.Object(
  {
    definition: Type.Any({ description: 'the whole definition (see GET /api/index/definition)' }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    baseVersion: Type.Optional(
      Type.Integer({ minimum: 1, description: 'the version the edit started from: refused (409 index.definition_conflict) when another version was saved since' }),
    ),
  },
  { additionalProperties: false },
);
export const PreviewDefinitionBody = Type.Object(
  { definition: Type.Any({ description: 'the edited definition (see GET /api/index/definition)' }) },
  { additionalProperties: false },
);
export const VersionParams = Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

/* ---- responses ---- */

/** An object of a stored JSON document (definition, run summary): its named keys typed, any others kept. */
const Open = <P extends Record<string, TSchema>>(props: P, description?: string) => Type.Object(props, { additionalProperties: true, description });
const Color = E(['green', 'blue', 'yellow', 'orange', 'red'], 'the five colours of the map (五色图), best first');
const Text2 = Open({ zh: Type.String(), en: Type.String() });
const Bands = Open({ green: Type.Number(), blue: Type.Number(), yellow: Type.Number(), orange: Type.Number() });
const IndexLevel = E(['town', 'village']);

/** The indicator definition (指标体系) as saved: a JSON document, open to keys a later version adds. */
const IndexDefinition = Open(
  {
    label: Type.String(),
    weightTotal: Type.Number(),
    params: Open({ flowWindowMonths: Type.Number(), quickRemovalDays: Type.Number(), redecisionDays: Type.Number() }),
    dimensions: Type.Array(Open({ id: Type.String(), name: Text2 })),
    indicators: Type.Array(
      Open({
        id: Type.String(),
        name: Text2,
        dimension: Type.String(),
        level: E(['town', 'village', 'both']),
        formula: Type.String(),
        unit: Type.String(),
        direction: E(['higher', 'lower']),
        goalposts: Open({ lower: Type.Number(), upper: Type.Number() }),
        weight: Type.Number(),
        imputation: Type.Optional(E(['median', 'best', 'worst', 'exclude'])),
        meaning: Type.String(),
      }),
    ),
    redLines: Type.Array(
      Open({ id: Type.String(), name: Text2, formula: Type.String(), op: E(['>', '>=', '<', '<=']), threshold: Type.Number(), cap: Color, level: E(['town', 'village', 'both']) }),
    ),
    grading: Open({ mode: E(['bands', 'quota']), bands: Bands, quota: Open({ ...Bands.properties, red: Type.Number() }) }),
    method: Open({
      normalisation: E(NORMALISATIONS),
      aggregation: E(AGGREGATIONS),
      monteCarlo: Open({ draws: Type.Number(), weightSpread: Type.Number(), switchMethods: Type.Boolean() }),
    }),
  },
  'The indicator definition: dimensions, indicators, goalposts, weights, red lines, grading, method',
);

const VersionFields = {
  version: Type.Integer(),
  label: Type.String(),
  note: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  createdByName: Nullable(Type.String({ description: 'who saved it (null: the shipped default)' })),
};
export const CurrentDefinition = Type.Object({ ...VersionFields, definition: IndexDefinition }, { description: 'The current definition version' });
export const DefinitionVersion = Type.Object({ ...VersionFields, definition: IndexDefinition }, { description: 'A saved definition version' });
export const DefinitionHistory = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        version: Type.Integer(),
        label: Type.String(),
        note: Nullable(Type.String()),
        createdBy: Nullable(Type.String()),
        createdByName: Nullable(Type.String({ description: 'who saved it (null: the shipped default)' })),
        createdAt: Type.String({ format: 'date-time' }),
      }),
    ),
  },
  { description: 'Every saved definition version, newest first' },
);

const ColorCounts = Type.Object({ green: Type.Integer(), blue: Type.Integer(), yellow: Type.Integer(), orange: Type.Integer(), red: Type.Integer() });
const PreviewLevel = Type.Object({
  units: Type.Integer(),
  before: ColorCounts,
  after: ColorCounts,
  better: Type.Integer({ description: 'units whose colour gets better' }),
  worse: Type.Integer({ description: 'units whose colour gets worse' }),
  excluded: Type.Array(Type.Object({ id: Type.String(), status: IndicatorStatusE() }), { description: 'indicators left out of this level in that period (no source, no data)' }),
});
export const DefinitionPreview = Type.Object(
  {
    run: Type.Object(
      { id: Uuid, period: Type.String(), definitionVersion: Type.Integer(), finishedAt: Nullable(Type.String({ format: 'date-time' })) },
      { description: 'the latest complete run: its period is recomputed, its colours are the "before"' },
    ),
    currentVersion: Type.Integer(),
    changes: Type.Array(Type.Object({ label: Type.String(), before: Nullable(Type.String()), after: Nullable(Type.String()) }), {
      description: 'the edits against the current version, one per setting (zh-CN; what the audit record of a save lists)',
    }),
    levels: Type.Object({ town: PreviewLevel, village: PreviewLevel }),
    changed: Type.Array(
      Type.Object({
        divisionCode: Type.String(),
        name: Type.String(),
        level: IndexLevel,
        townName: Nullable(Type.String({ description: "a village's town" })),
        before: Color,
        after: Color,
        scoreBefore: Type.Number(),
        scoreAfter: Type.Number(),
        redLines: Type.Array(Type.String(), { description: 'red lines that fire under the edited definition' }),
      }),
      { description: 'units whose colour changes: towns first, the largest moves first' },
    ),
  },
  { description: 'What the edited definition would give in the last finished period, against that run; nothing is saved' },
);
export const SavedDefinition = Type.Object({ version: Type.Integer({ description: 'the new version' }) }, { description: 'Saved' });
export const RunQueued = Type.Object({ id: Uuid, status: Type.Literal('queued') }, { description: 'The run is queued' });

function IndicatorStatusE() {
  return E(['included', 'no_source', 'no_data_in_period', 'not_applicable', 'no_data']);
}
const IndicatorStatus = IndicatorStatusE();
const LevelSummary = Open({
  units: Type.Number(),
  colors: Type.Record(Type.String(), Type.Number()),
  indicators: Type.Array(Open({ id: Type.String(), status: IndicatorStatus, weight: Type.Number(), missingUnits: Type.Number() })),
});
/** What a finished run found (stored with it). */
export const RunSummary = Open(
  {
    levels: Open({ town: LevelSummary, village: LevelSummary }),
    partial: Type.Boolean({ description: 'the period had not ended: computed as of the run' }),
    previousPeriod: Type.String(),
    method: Open({ normalisation: Type.String(), aggregation: Type.String(), draws: Type.Number(), weightSpread: Type.Number() }),
    timingsMs: Open({ total: Type.Number() }),
    flowWindowStart: Type.String(),
    monthMeasures: Type.Optional(
      Open(
        {
          stored: Type.Integer({ description: 'villages whose measures were read from the month-end summary' }),
          computed: Type.Integer({ description: 'villages whose measures were computed from the registry' }),
          county: Nullable(Type.String({ description: "a county's rerun: the county whose measures were computed again" })),
        },
        'Where the period’s village measures came from (docs/scale.md)',
      ),
    ),
  },
  'Set once the run is done',
);

/** An index run (指数计算). */
export const IndexRun = Type.Object({
  id: Uuid,
  period: Type.String({ description: 'YYYY-MM or YYYY-Qn' }),
  periodStart: Type.String({ format: 'date-time' }),
  periodEnd: Type.String({ format: 'date-time' }),
  status: E(['queued', 'running', 'done', 'failed']),
  definitionVersion: Type.Integer(),
  seed: Type.Number(),
  options: Type.Unknown({ description: 'the overrides it was started with' }),
  requestedAt: Type.String({ format: 'date-time' }),
  startedAt: Nullable(Type.String({ format: 'date-time' })),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  error: Nullable(Type.String()),
  summary: Nullable(RunSummary),
  progress: Nullable(Open({ step: Type.Integer(), steps: Type.Integer(), name: E(['measures', 'previous', 'engine', 'saving']) }, 'While the run is computed: the step it is at')),
});
export const IndexRunList = Type.Object({ items: Type.Array(IndexRun) }, { description: 'Runs, newest first' });
export const IndexRunWithDefinition = Type.Object({ ...IndexRun.properties, definition: IndexDefinition }, { description: 'The run and the definition it used' });

/** One town's or village's result in a run. */
export const UnitResult = Type.Object({
  divisionCode: Type.String(),
  name: Type.String(),
  level: IndexLevel,
  parentCode: Nullable(Type.String()),
  score: Type.Number(),
  rank: Type.Integer(),
  rankInTown: Nullable(Type.Integer()),
  color: Color,
  bandColor: Color,
  redLines: Type.Array(Open({ id: Type.String(), cap: Color, value: Type.Number() })),
  dimensions: Type.Array(Open({ id: Type.String(), score: Nullable(Type.Number()), weight: Type.Number() })),
  indicators: Type.Array(
    Open({
      id: Type.String(),
      dimension: Type.String(),
      status: IndicatorStatus,
      raw: Nullable(Type.Number()),
      missing: Nullable(E(['zero_denominator', 'missing_measure'])),
      imputed: Nullable(Type.Number()),
      normalised: Nullable(Type.Number()),
      weight: Type.Number(),
      contribution: Type.Number(),
      pointsLost: Type.Number(),
    }),
  ),
  rankInterval: Nullable(Open({ p5: Type.Number(), median: Type.Number(), p95: Type.Number() }, 'Monte Carlo rank interval')),
  colorProbabilities: Nullable(Open({ green: Type.Number(), blue: Type.Number(), yellow: Type.Number(), orange: Type.Number(), red: Type.Number() })),
  change: Nullable(
    Open(
      { score: Type.Number(), rank: Type.Number(), color: E(['better', 'worse', 'same']), previous: Open({ score: Type.Number(), rank: Type.Number(), color: Color }) },
      'against the previous period',
    ),
  ),
  flags: Type.Array(Type.String()),
});
export const RunResults = Type.Object({ run: IndexRun, items: Type.Array(UnitResult) }, { description: 'The run and its results at the level' });
export const UnitResultPage = Type.Object(
  { run: IndexRun, definition: IndexDefinition, result: UnitResult },
  { description: "The unit's result and the definition it was graded by" },
);
export const IndexTrend = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        period: Type.String(),
        runId: Uuid,
        periodEnd: Type.String({ format: 'date-time' }),
        definitionVersion: Type.Integer(),
        score: Type.Number(),
        rank: Type.Integer(),
        color: Color,
        division: Type.Object(
          { name: Nullable(Type.String()), parentCode: Nullable(Type.String()), path: Type.String() },
          { description: 'the division as this run computed it (its name, parent and path then), not as it is today' },
        ),
      }),
    ),
  },
  { description: 'The latest finished run of every period, oldest first' },
);
