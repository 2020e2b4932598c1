import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Deps } from '../../deps.js';
import { actorOf } from '../../platform/http.js';
import { errors } from '../../platform/schemas.js';
import { MonthlyQuery } from './reports.schemas.js';

export async function reportsRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { reports } = deps.services;
  const tags = ['reports'];

  r.get(
    '/api/reports/monthly',
    {
      schema: {
        tags,
        summary:
          'Monthly report (月度报告) of a town or the city as of the month’s end: counts (stock/new cases and area, reports, verifications, closings, demolished area, overdue, supervision notices), ' +
          '12-month trends, the month’s governance index (from finished index runs), the table by town or village, and the top problems',
        querystring: MonthlyQuery,
        response: errors,
      },
    },
    async (req) => reports.monthly(actorOf(req), req.query),
  );

  r.get(
    '/api/reports/monthly.pdf',
    { schema: { tags, summary: 'The same monthly report as an A4 PDF with charts and tables', querystring: MonthlyQuery, response: errors } },
    async (req, reply) => {
      const { filename, buffer } = await reports.monthlyPdf(actorOf(req), req.query);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="monthly-report.pdf"; filename*=UTF-8''${encodeURIComponent(filename)}`)
        .send(buffer);
    },
  );
}
