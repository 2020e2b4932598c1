import { Type } from 'typebox';
import { CaseFilterProps } from '../cases/cases.filter.js';

const Kind = Type.Union([Type.Literal('violation'), Type.Literal('campaign_item'), Type.Literal('waterlogging')], {
  description: 'violation, campaign_item, waterlogging (shared/item-kinds.ts ITEM_KINDS)',
});

export const FiguresQuery = Type.Object(
  {
    kind: Kind,
    month: Type.Optional(Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM (China time); the current month when absent' })),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: 'a whole year instead of a month' })),
    division: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$', description: 'a division inside your jurisdiction' })),
  },
  { additionalProperties: false },
);

const Counts = {
  found: Type.Integer({ description: 'found in the period (rejected reports not counted)' }),
  foundClosed: Type.Integer({ description: 'of those found in the period, closed now (销号)' }),
  closed: Type.Integer({ description: 'closings (验收销号) in the period' }),
  reopened: Type.Integer({ description: 'reopenings in the period (waterlogging: 再次积水)' }),
  open: Type.Integer({ description: 'open now' }),
};

export const Figures = Type.Object(
  {
    kind: Kind,
    label: Type.String({ description: 'the kind in zh-CN (积水点)' }),
    period: Type.String({ description: 'YYYY-MM or YYYY' }),
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time', description: 'exclusive' }),
    ...Counts,
    summary: Type.String({ description: 'the sentence the report prints: 本月发现 17 处,已销号 17 处' }),
    towns: Type.Array(Type.Object({ townCode: Type.String(), townName: Type.String(), ...Counts })),
  },
  { description: "An item kind's figures for a period, in total and per town" },
);

export const ExportQuery = Type.Object(
  { ...CaseFilterProps, kind: Type.Union([Type.Literal('waterlogging'), Type.Literal('campaign_item')], { description: 'the item kind to export' }) },
  { additionalProperties: false },
);
