import { Type } from 'typebox';
import { DateTime, Enum, Nullable, Uuid } from '../../platform/schemas.js';
import { GoalFigures } from '../goals/goals.schemas.js';

const Person = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 40 }),
    post: Type.String({ minLength: 1, maxLength: 60, description: '职务, e.g. 镇长' }),
    phone: Nullable(Type.String({ maxLength: 20, description: 'masked in answers; a masked value sent back keeps the stored number' })),
  },
  { additionalProperties: false },
);

const Targets = Type.Object(
  {
    stockCount: Nullable(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'stock cases to dispose of (close) in the year' })),
    stockArea: Nullable(Type.Number({ minimum: 0, maximum: 1e9, description: 'stock area (m²) to dispose of in the year' })),
    farmlandZero: Type.Boolean({ description: 'no new violation on cultivated land or basic farmland in the year' }),
    safetyRate: Nullable(Type.Number({ minimum: 0, maximum: 1, description: 'share of the safety-risk cases to handle by the year end (0–1)' })),
    campaignRate: Nullable(Type.Number({ minimum: 0, maximum: 1, description: 'share of the town’s campaign items to complete (0–1)' })),
  },
  { additionalProperties: false },
);

const Status = Enum(['met', 'in_progress', 'missed', 'no_data'] as const, 'met; in_progress (the year runs); missed; no_data (nothing to measure yet: campaigns)');

const Progress = Type.Object({
  periodStart: Type.String({ description: 'YYYY-MM-DD, 1 January' }),
  periodEnd: Type.String({ description: 'YYYY-MM-DD: the year end, or today while the year runs' }),
  final: Type.Boolean({ description: 'the year has ended' }),
  status: Status,
  note: Nullable(Type.String({ description: 'zh-CN: the year predates the registry, or the registry began during it' })),
  facts: Type.Object({
    stockClosed: Type.Integer(),
    stockClosedArea: Type.Number(),
    newOnFarmland: Type.Integer(),
    riskTotal: Type.Integer({ description: 'safety-risk cases (medium/high) open at some time in the year' }),
    riskHandled: Type.Integer({ description: 'of them closed in the year' }),
  }),
  items: Type.Array(
    Type.Object({
      code: Enum(['stock_count', 'stock_area', 'farmland_zero', 'safety', 'campaign'] as const),
      label: Type.String(),
      target: Type.String({ description: 'zh-CN' }),
      actual: Type.String({ description: 'zh-CN' }),
      rate: Nullable(Type.Number({ description: '0–1 towards the target' })),
      status: Status,
    }),
  ),
});

export const Letter = Type.Object({
  id: Uuid,
  townCode: Type.String(),
  townName: Type.String(),
  year: Type.Integer(),
  title: Type.String(),
  signedOn: Nullable(Type.String({ description: 'YYYY-MM-DD' })),
  people: Type.Array(Person),
  targets: Targets,
  note: Nullable(Type.String()),
  file: Nullable(Type.Object({ name: Type.String(), mime: Type.String(), bytes: Type.Integer(), sha256: Type.String() }, { description: 'the signed letter (PDF or photo)' })),
  version: Type.Integer(),
  createdAt: DateTime(),
  updatedAt: DateTime(),
  progress: Progress,
});

export const LetterList = Type.Object({ items: Type.Array(Letter), total: Type.Integer() });

export const LetterDetail = Type.Object({
  ...Letter.properties,
  goals: Nullable({ ...GoalFigures, description: 'the town’s two goals now (存量清零、新增归零)' }),
});

export const LetterListQuery = Type.Object(
  { year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })), town: Type.Optional(Type.String({ pattern: '^[0-9]{9}$' })) },
  { additionalProperties: false },
);

export const LetterCreate = Type.Object(
  {
    townCode: Type.String({ pattern: '^[0-9]{9}$' }),
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    signedOn: Type.Optional(Nullable(Type.String({ format: 'date' }))),
    people: Type.Array(Person, { maxItems: 20 }),
    targets: Targets,
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);

export const LetterPatch = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    signedOn: Type.Optional(Nullable(Type.String({ format: 'date' }))),
    people: Type.Optional(Type.Array(Person, { maxItems: 20 })),
    targets: Type.Optional(Targets),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);
