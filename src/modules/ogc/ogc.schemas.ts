import { Type } from 'typebox';

/** The OGC API's typed answers (OGC API – Features Part 1, the JSON and GeoJSON encodings). */
export const Link = Type.Object({ href: Type.String(), rel: Type.String(), type: Type.String(), title: Type.Optional(Type.String()) });
const Links = Type.Array(Link);
export const LandingPage = Type.Object({ title: Type.String(), description: Type.String(), links: Links });
export const Conformance = Type.Object({ conformsTo: Type.Array(Type.String()) });
export const Collection = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  itemType: Type.String(),
  crs: Type.Array(Type.String()),
  storageCrs: Type.Optional(Type.String()),
  extent: Type.Object({
    spatial: Type.Object({ bbox: Type.Array(Type.Array(Type.Number())), crs: Type.String() }),
    temporal: Type.Optional(Type.Object({ interval: Type.Array(Type.Array(Type.Union([Type.String(), Type.Null()]))), trs: Type.String() })),
  }),
  links: Links,
});
export const Collections = Type.Object({ links: Links, collections: Type.Array(Collection) });
const Feature = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.String(),
  geometry: Type.Unknown(),
  properties: Type.Record(Type.String(), Type.Unknown()),
  links: Type.Optional(Links),
});
export const FeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  numberMatched: Type.Integer(),
  numberReturned: Type.Integer(),
  timeStamp: Type.String(),
  features: Type.Array(Feature),
  links: Links,
});
export { Feature };

/** Query parameters of an items request; `f` (json) is accepted for clients that always send it. */
export const ItemsQuery = Type.Object(
  {
    bbox: Type.Optional(Type.String({ maxLength: 200 })),
    datetime: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    status: Type.Optional(Type.String({ maxLength: 200 })),
    category: Type.Optional(Type.String({ maxLength: 200 })),
    source: Type.Optional(Type.String({ maxLength: 200 })),
    town: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$' })),
    village: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$' })),
    level: Type.Optional(Type.String({ maxLength: 50 })),
    crs: Type.Optional(Type.String({ maxLength: 200 })),
    'bbox-crs': Type.Optional(Type.String({ maxLength: 200 })),
    f: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('geojson')])),
  },
  { additionalProperties: false },
);
export const FormatQuery = Type.Object({ f: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('geojson')])) }, { additionalProperties: false });
/** One feature's query: `f`, and `crs` (OGC API – Features Part 2). */
export const ItemQuery = Type.Object(
  { f: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('geojson')])), crs: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
