import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ReportsService } from './reports.service.js';
import { actorOf } from '../../platform/http.js';
import { errorResponses, File } from '../../platform/schemas.js';
import { MonthlyQuery, MonthlyReport } from './reports.schemas.js';

export async function reportsRoutes(app: FastifyInstance, { reports }: { reports: ReportsService }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['reports'];

  r.get(
    '/api/reports/monthly',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'Monthly report (月度报告) of a town or the city as of the month’s end: counts (stock/new cases and area, reports, verifications, closings, demolished area, overdue, supervision notices), ' +
          '12-month trends, the month’s governance index (from finished index runs), the table by town or village, and the top problems',
        querystring: MonthlyQuery,
        response: { ...errorResponses, 200: MonthlyReport },
      },
    },
    async (req) => reports.monthly(actorOf(req), req.query),
  );

  r.get(
    '/api/reports/monthly.pdf',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'The same monthly report as an A4 PDF with charts and tables',
        querystring: MonthlyQuery,
        response: { ...errorResponses, 200: File('application/pdf', 'The monthly report (PDF)') },
      },
    },
    async (req, reply) => {
      const { filename, buffer } = await reports.monthlyPdf(actorOf(req), req.query);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="monthly-report.pdf"; filename*=UTF-8''${encodeURIComponent(filename)}`)
        .send(buffer);
    },
  );
}
