import { Type } from 'typebox';
import { Enum, FeatureCollection, Nullable } from '../../platform/schemas.js';
import { DIVISION_LEVELS } from './division.levels.js';

const Level = Enum(DIVISION_LEVELS, 'province 省 / prefecture 地级市 / city 县(市、区): the deployment / town 乡镇(街道) / village 村(社区)');

/** A division of the tree ([province → prefecture →] city → town → village). */
const Division = Type.Object({
  code: Type.String({ description: 'statistical division code (short form: province 2 digits, prefecture 4, county 6, town 9, village 12)' }),
  parentCode: Nullable(Type.String()),
  level: Level,
  levelName: Type.String({ description: 'the level in zh-CN: 省, 地级市, 县(市、区), 乡镇(街道), 村(社区)' }),
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
