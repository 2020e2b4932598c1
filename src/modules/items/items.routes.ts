import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf } from '../../platform/http.js';
import { errorResponses, File } from '../../platform/schemas.js';
import { filterFromQuery } from '../cases/cases.filter.js';
import { chinaDay } from '../settings/work.calendar.js';
import { ExportQuery, Figures, FiguresQuery } from './items.schemas.js';
import { ITEMS_EXPORT_MAX, type ItemsService } from './items.service.js';

const READERS = ['inspector', 'town_officer', 'city_office', 'department', 'supervisor', 'admin'] as const;

/**
 * An item kind's own figures and export (docs/item-kinds.md). Its list and map are the cases' own
 * (`GET /api/cases?kind=…`, `GET /api/cases/map?kind=…`); its workflow is the cases' actions.
 */
export async function itemsRoutes(app: FastifyInstance, { items }: { items: ItemsService }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/items/figures',
    {
      config: { access: READERS },
      schema: {
        tags: ['items'],
        summary: "An item kind's figures for a month or a year, in total and per town (积水点: 本月发现 17 处,已销号 17 处)",
        description:
          'Inside your jurisdiction, or a division inside it. `found`: items found in the period; `foundClosed`: of those, closed now; `closed` and `reopened`: closings and reopenings in the period; `open`: open now.',
        querystring: FiguresQuery,
        response: { ...errorResponses, 200: Figures },
      },
    },
    async (req) => items.figures(actorOf(req), req.query.kind, req.query),
  );

  r.get(
    '/api/items/export.xlsx',
    {
      config: { access: READERS },
      schema: {
        tags: ['items'],
        summary: 'The filtered items of a kind as an Excel workbook (zh-CN headers and words: status, category, the kind’s fields, closing time, reopenings)',
        description: `The list's filters (same query string), inside your jurisdiction; at most ${ITEMS_EXPORT_MAX} rows (more is a 400 \`items.too_many\`). Recorded on the audit trail.`,
        querystring: ExportQuery,
        response: { ...errorResponses, 200: File('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'The items (.xlsx)') },
      },
    },
    async (req, reply) => {
      const { kind, ...filters } = req.query;
      const out = await items.excel(actorOf(req), { ...filterFromQuery(filters), kind });
      const name = `${out.label}-${chinaDay(new Date())}.xlsx`;
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="${kind}-${chinaDay(new Date())}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`);
      reply.header('x-total-count', String(out.count));
      return reply.send(out.body);
    },
  );
}
