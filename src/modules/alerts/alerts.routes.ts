import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf, type Access } from '../../platform/http.js';
import { csvEnum, errorResponses, File, IdParams } from '../../platform/schemas.js';
import { ALERT_RULES, ALERT_SEVERITIES, ALERT_STATUSES } from '../../../shared/alerts.js';
import {
  AlertActionBody,
  AlertDetail,
  AlertList,
  AlertMemberList,
  AlertMemberQuerystring,
  AlertQuerystring,
  AlertRuleList,
  AlertRuleUpdate,
  OfficialProfile,
  SupervisionReport,
  SupervisionReportQuerystring,
} from './alerts.schemas.js';
import type { AlertsService } from './alerts.service.js';

/** Alerts are the discipline inspection commission's (纪检监察); their rules are the administrator's (三员分立). */
const SUPERVISORS: Access = ['supervisor'];
const ADMINS: Access = ['admin'];

export async function alertsRoutes(app: FastifyInstance, { alerts }: { alerts: AlertsService }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/alerts',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags: ['alerts'],
        summary: 'Supervision alerts in the jurisdiction, the most severe and oldest first; never those about the reader (supervisor)',
        querystring: AlertQuerystring,
        response: { ...errorResponses, 200: AlertList },
      },
    },
    async (req) => {
      const q = req.query;
      return alerts.list(actorOf(req), {
        ...q,
        status: csvEnum('status', q.status, ALERT_STATUSES),
        rule: csvEnum('rule', q.rule, ALERT_RULES),
        severity: csvEnum('severity', q.severity, ALERT_SEVERITIES),
      });
    },
  );

  r.get(
    '/api/alerts/monthly',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags: ['alerts'],
        summary: 'The monthly supervision report (公权力监督月报): alerts raised, dismissed, confirmed, referred by rule and town, with trends (supervisor)',
        querystring: SupervisionReportQuerystring,
        response: { ...errorResponses, 200: SupervisionReport },
      },
    },
    async (req) => alerts.monthlyReport(actorOf(req), req.query),
  );

  r.get(
    '/api/alerts/monthly.pdf',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags: ['alerts'],
        summary: 'The monthly supervision report as a PDF (the monthly report’s tables, charts and fonts) (supervisor)',
        querystring: SupervisionReportQuerystring,
        response: { ...errorResponses, 200: File('application/pdf', 'The monthly supervision report (PDF)') },
      },
    },
    async (req, reply) => {
      const f = await alerts.monthlyReportPdf(actorOf(req), req.query);
      reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.name)}`);
      reply.header('cache-control', 'private, no-store');
      return reply.type('application/pdf').send(f.pdf);
    },
  );

  r.get(
    '/api/officials/:id/profile',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags: ['alerts'],
        summary:
          'An official’s profile: his actions per month against his peers in the same role, his rejections, the alerts about him (as the reader may see them), his latest decisions (supervisor)',
        params: IdParams,
        response: { ...errorResponses, 200: OfficialProfile },
      },
    },
    async (req) => alerts.officialProfile(actorOf(req), req.params.id),
  );

  r.get(
    '/api/alerts/:id',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags: ['alerts'],
        summary: 'One alert with its evidence: the cases with numbers and places, their photos, their audit records as sentences, its steps (supervisor)',
        params: IdParams,
        response: { ...errorResponses, 200: AlertDetail },
      },
    },
    async (req) => alerts.get(actorOf(req), req.params.id),
  );

  r.get(
    '/api/alerts/:id/cases',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags: ['alerts'],
        summary:
          'The cases an import group lists (导入批次汇总预警: an import’s untouched cases in one town under one rule), each with what was found on it, a page at a time; ' +
          '409 alert.not_a_group for an alert on its own situation (its cases are in the alert) (supervisor)',
        params: IdParams,
        querystring: AlertMemberQuerystring,
        response: { ...errorResponses, 200: AlertMemberList },
      },
    },
    async (req) => alerts.members(actorOf(req), req.params.id, req.query),
  );

  r.get(
    '/api/alerts/:id/referral.pdf',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags: ['alerts'],
        summary: 'The referral sheet 问题线索移送单 of a referred alert (PDF) with the evidence photos, the place and the audit records with their hashes; audited (supervisor)',
        params: IdParams,
        response: { ...errorResponses, 200: File('application/pdf', 'The referral sheet (PDF)') },
      },
    },
    async (req, reply) => {
      const f = await alerts.referralPdf(actorOf(req), req.params.id);
      reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.name)}`);
      reply.header('cache-control', 'private, no-store');
      return reply.type('application/pdf').send(f.pdf);
    },
  );

  r.post(
    '/api/alerts/:id/actions',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags: ['alerts'],
        summary: 'A step of the alert: review, dismiss (with a reason), confirm, refer (移送, gets a referral number); audited (supervisor)',
        params: IdParams,
        body: AlertActionBody,
        response: { ...errorResponses, 200: AlertDetail },
      },
    },
    async (req) => alerts.act(actorOf(req), req.params.id, req.body.action, req.body.reason),
  );

  r.get(
    '/api/alert-rules',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['alerts'],
        summary: 'The supervision rules: enabled, severity, thresholds with their fields and units, the zh-CN description (admin)',
        response: { ...errorResponses, 200: AlertRuleList },
      },
    },
    async () => alerts.rules(),
  );

  r.put(
    '/api/alert-rules',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['alerts'],
        summary: 'Change one rule’s settings (admin); thresholds checked per rule, version must match, audited before → after',
        body: AlertRuleUpdate,
        response: { ...errorResponses, 200: AlertRuleList },
      },
    },
    async (req) => alerts.updateRule(actorOf(req), req.body),
  );
}
