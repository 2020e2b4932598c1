import { Type } from 'typebox';
import { CATEGORIES } from '../../shared/enums.js';
import { Enum, Nullable } from './schemas.js';

export const Health = Type.Object(
  {
    status: Type.Literal('ok'),
    database: Enum(['pglite', 'postgres'] as const),
    blobs: Enum(['disk', 's3'] as const),
    replica: Enum(
      ['none', 'up', 'lagging', 'down'] as const,
      'the read replica (DATABASE_READ_URL): none configured; up (lag-tolerant reads go to it); lagging (behind by more than DATABASE_READ_MAX_LAG_SECONDS: reads go to the primary); down (unreachable: reads go to the primary). The process is healthy in each case',
    ),
    replicaLagSeconds: Nullable(Type.Number({ description: 'how far behind the primary the replica is known to be, when it is up or lagging' })),
    version: Type.String(),
  },
  { description: 'Up, with its database and blob drivers and the read replica as this process sees it' },
);

export const AppConfig = Type.Object(
  {
    mapTileUrl: Nullable(Type.String({ description: 'basemap tile URL template; null: the built-in boundaries only' })),
    duplicateRadiusM: Type.Record(Type.String(), Type.Number(), {
      description: 'metres: a report this close to an open case is checked as a duplicate; `default` and per category',
    }),
    categories: Type.Array(Type.Object({ code: Enum(CATEGORIES), label: Type.String({ description: 'zh-CN' }) })),
  },
  { description: 'Settings the web apps need' },
);
