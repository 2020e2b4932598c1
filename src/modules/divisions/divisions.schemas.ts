import { Type } from 'typebox';
import { Enum, FeatureCollection, Nullable } from '../../platform/schemas.js';

const Level = Enum(['city', 'town', 'village'] as const, 'city 市 / town 镇街 / village 村社区');

/** A division of the tree (city → town → village). */
const Division = Type.Object({
  code: Type.String({ description: 'statistical division code' }),
  parentCode: Nullable(Type.String()),
  level: Level,
  kind: Nullable(Type.String({ description: 'e.g. 镇, 街道, 村, 社区' })),
  name: Type.String(),
  shortName: Type.String(),
  population: Nullable(Type.Number()),
  landAreaKm2: Nullable(Type.Number()),
  cultivatedAreaKm2: Nullable(Type.Number()),
  boundarySynthetic: Type.Boolean({ description: 'the boundary is drawn, not surveyed' }),
  populationSynthetic: Type.Boolean({ description: 'the population is estimated' }),
  inJurisdiction: Type.Boolean({ description: "inside the caller's jurisdiction" }),
});
export const DivisionList = Type.Object({ items: Type.Array(Division) }, { description: 'The division tree as a flat list' });

export const DivisionBoundaries = FeatureCollection(
  Type.Object({
    code: Type.String(),
    parentCode: Nullable(Type.String()),
    level: Level,
    kind: Nullable(Type.String()),
    name: Type.String(),
    shortName: Type.String(),
    population: Nullable(Type.Number()),
    landAreaKm2: Nullable(Type.Number()),
    cultivatedAreaKm2: Nullable(Type.Number()),
    boundarySynthetic: Type.Boolean(),
    centroid: Type.Array(Type.Number(), { description: '[lon, lat]' }),
  }),
  'Division boundaries (GeoJSON, WGS84)',
);

export const Location = Type.Object(
  { villageCode: Type.String(), villageName: Type.String(), townCode: Type.String(), townName: Type.String(), path: Type.String({ description: 'the division path (ltree)' }) },
  { description: 'The village and town at the point' },
);
