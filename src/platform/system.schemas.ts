import { Type } from 'typebox';
import { CATEGORIES } from '../../shared/enums.js';
import { Enum, Nullable } from './schemas.js';

export const Health = Type.Object(
  { status: Type.Literal('ok'), database: Enum(['pglite', 'postgres'] as const), blobs: Enum(['disk', 's3'] as const), version: Type.String() },
  { description: 'Up, with its database and blob drivers' },
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
