import { Type } from 'typebox';
import { DateTime, Uuid } from '../../platform/schemas.js';

export const Track = Type.Object(
  { id: Uuid, pointCount: Type.Integer(), lengthM: Type.Number(), startedAt: DateTime(), endedAt: DateTime() },
  { description: 'The track batch as stored' },
);

export const Coverage = Type.Object(
  {
    from: DateTime('the period’s first moment'),
    to: DateTime('the moment after its end'),
    bufferM: Type.Number({ description: 'a village is covered within this many metres of a track' }),
    items: Type.Array(
      Type.Object({
        divisionCode: Type.String(),
        divisionName: Type.String(),
        townName: Type.String(),
        tracks: Type.Integer(),
        inspectors: Type.Integer(),
        lengthM: Type.Number(),
        coveredShare: Type.Number({ description: 'share of the village within 50 m of a track, 0–1' }),
        areaKm2: Type.Number(),
      }),
    ),
  },
  { description: 'Patrol coverage per village' },
);
