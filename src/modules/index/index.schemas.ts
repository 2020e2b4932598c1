import { Type } from 'typebox';
import { Uuid } from '../../platform/schemas.js';
import { AGGREGATIONS, NORMALISATIONS } from './index.definition.js';

const E = (vals: readonly string[], description?: string) => Type.Union(vals.map((v) => Type.Literal(v)), { description });

export const PeriodKey = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2]|Q[1-4])$', description: 'a month YYYY-MM or a quarter YYYY-Qn (China time)' });

export const StartRunBody = Type.Object(
  {
    period: PeriodKey,
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295, description: 'Monte Carlo seed (random when absent; stored with the run)' })),
    normalisation: Type.Optional(E(NORMALISATIONS, "override of the definition's normalisation")),
    aggregation: Type.Optional(E(AGGREGATIONS, "override of the definition's aggregation")),
    draws: Type.Optional(Type.Integer({ minimum: 0, maximum: 20000, description: 'Monte Carlo draws (default from the definition, 1,000)' })),
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
  { definition: Type.Any({ description: 'the whole definition (see GET /api/index/definition)' }), note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
