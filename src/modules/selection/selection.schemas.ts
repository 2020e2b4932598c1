import { Type } from 'typebox';
import { DISPOSAL_CLASSES, ORIGINS, SOURCES, STATUSES } from '../../../shared/enums.js';
import { Enum, FeatureCollection, Nullable, Uuid } from '../../platform/schemas.js';

const ByStatus = Type.Record(Type.String(), Type.Integer(), { description: 'the whole selection per status (not only the view)' });

export const CaseMap = Type.Object(
  {
    inView: Type.Integer({ description: 'cases in the view' }),
    mode: Enum(['points', 'clusters'] as const),
    points: Type.Array(
      Type.Object({
        id: Uuid,
        caseNo: Type.String(),
        lon: Type.Number(),
        lat: Type.Number(),
        status: Enum(STATUSES),
        disposalClass: Nullable(Enum(DISPOSAL_CLASSES)),
        origin: Enum(ORIGINS),
      }),
      { description: '`mode: points`: every case in the view' },
    ),
    clusters: Type.Array(
      Type.Object({
        lon: Type.Number(),
        lat: Type.Number(),
        count: Type.Integer(),
        bbox: Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()], { description: 'minLon, minLat, maxLon, maxLat' }),
      }),
      { description: '`mode: clusters`: grid cells with their count, centre (mean of their cases) and extent' },
    ),
    total: Type.Optional(Type.Integer({ description: 'the whole selection (left out with legend=false)' })),
    byStatus: Type.Optional(ByStatus),
  },
  { description: "The cases in the map's view, as points or clusters" },
);

export const CaseMapLegend = Type.Object({ total: Type.Integer(), byStatus: ByStatus }, { description: 'The selection counted by status' });

export const CasePatches = FeatureCollection(
  Type.Object({ id: Uuid, caseNo: Type.String(), status: Enum(STATUSES), source: Enum(SOURCES), areaM2: Nullable(Type.Number()) }),
  'Change patches (变化图斑) in the view, largest first',
);
