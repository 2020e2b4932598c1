import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../platform/http.js';
import { errorResponses } from '../../platform/schemas.js';
import {
  CalendarDay,
  CalendarYear,
  DayCleared,
  DeadlinePolicy,
  DisposalRules,
  DisposalRulesHistory,
  DisposalTrial,
  OfficialYear,
  OfficialYears,
  TrialFacts,
} from './settings.schemas.js';
import type { SettingsService } from './settings.service.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (China calendar day)' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Days = (max = 365) => Type.Integer({ minimum: 1, maximum: max, description: 'working days' });

/** The official calendar, the deadline policy and the disposal rules (admin settings). */
export async function settingsRoutes(app: FastifyInstance, { settings }: { settings: SettingsService }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/calendar',
    {
      config: { access: 'session' },
      schema: {
        tags: ['supervision'],
        summary: 'The official calendar of a year: public holidays and make-up working days (调休)',
        querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }, { additionalProperties: false }),
        response: { ...errorResponses, 200: CalendarYear },
      },
    },
    async (req) => settings.calendarYear(req.query.year),
  );
  r.put(
    '/api/calendar/days/:day',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['supervision'],
        summary: 'Set one day (admin): `holiday`, or `workday` for a weekend day that is worked (调休上班)',
        params: Type.Object({ day: Day }, { additionalProperties: false }),
        body: Type.Object({ kind: Type.Union([Type.Literal('holiday'), Type.Literal('workday')]), name: Text(50) }, { additionalProperties: false }),
        response: { ...errorResponses, 200: CalendarDay },
      },
    },
    async (req) => settings.setDay(actorOf(req), req.params.day, req.body.kind, req.body.name),
  );
  r.delete(
    '/api/calendar/days/:day',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['supervision'],
        summary: 'Clear one day back to an ordinary weekday/weekend (admin)',
        params: Type.Object({ day: Day }, { additionalProperties: false }),
        response: { ...errorResponses, 200: DayCleared },
      },
    },
    async (req) => {
      await settings.clearDay(actorOf(req), req.params.day);
      return { day: req.params.day, cleared: true as const };
    },
  );

  r.get(
    '/api/calendar/official',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['supervision'],
        summary: 'The State Council holiday arrangements this release carries, and how far the calendar holds them (admin)',
        response: { ...errorResponses, 200: OfficialYears },
      },
    },
    async () => ({ items: await settings.officialYears() }),
  );
  r.post(
    '/api/calendar/official/:year',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['supervision'],
        summary: 'Set every day of a year’s State Council arrangement (admin; one audit record naming the notice)',
        params: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }, { additionalProperties: false }),
        response: { ...errorResponses, 200: OfficialYear },
      },
    },
    async (req) => settings.importOfficial(actorOf(req), req.params.year),
  );

  const Policy = Type.Object(
    {
      verifyDays: Days(),
      classifyDays: Days(),
      rectifyDays: Type.Object({ demolish: Days(), remedy: Days() }, { additionalProperties: false }),
      reviewDays: Days(),
      noticeReplyDays: Days(60),
      escalateAfterNotices: Type.Integer({ minimum: 1, maximum: 10 }),
    },
    { additionalProperties: false },
  );
  r.get(
    '/api/settings/deadlines',
    {
      config: { access: 'session' },
      schema: {
        tags: ['supervision'],
        summary: 'Step deadlines in working days, the notice reply time and the escalation rule',
        response: { ...errorResponses, 200: DeadlinePolicy },
      },
    },
    async () => settings.deadlines(),
  );
  r.put(
    '/api/settings/deadlines',
    {
      config: { access: ['admin'] },
      schema: { tags: ['supervision'], summary: 'Change the deadline policy (admin)', body: Policy, response: { ...errorResponses, 200: DeadlinePolicy } },
    },
    async (req) => settings.setDeadlines(actorOf(req), req.body),
  );

  const Rule = Type.Object(
    {
      id: Type.String({ description: 'lowercase letters, digits, hyphens' }),
      priority: Type.Integer({ description: '0–1000; the highest matching rule decides the class' }),
      suggest: Type.String({ description: 'demolish | remedy | defer' }),
      reason: Type.String({ description: 'shown to the officer' }),
      when: Type.Record(Type.String(), Type.Unknown(), {
        description:
          'every condition must hold; a fact (ownerKind, onBasicFarmland, onCultivatedLand, safetyRisk, landType, use, structure, origin) with a value or a list of values ("one of"), or areaAtLeast / areaBelow in m², floorsAtLeast / floorsBelow',
      }),
    },
    { additionalProperties: true },
  );
  r.get(
    '/api/settings/disposal-rules',
    {
      config: { access: 'session' },
      schema: {
        tags: ['supervision'],
        summary: 'The disposal rule set in force (version 0: the built-in defaults), the defaults and the facts a rule may test',
        response: { ...errorResponses, 200: DisposalRules },
      },
    },
    async () => settings.disposalRules(),
  );
  r.put(
    '/api/settings/disposal-rules',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['supervision'],
        summary: 'Replace the disposal rule set (admin), from the version you saw',
        description:
          'Checked as a whole: 422 `settings.invalid_rules` lists every problem in zh-CN (`details.reasons`, and `details.problems` each with its rule index, part and condition key); 409 `settings.version_conflict` when someone saved meanwhile. Each change is the next version and one audit record with the set before and after.',
        body: Type.Object({ version: Type.Integer({ minimum: 0 }), rules: Type.Array(Rule, { maxItems: 200 }) }, { additionalProperties: false }),
        response: { ...errorResponses, 200: DisposalRules },
      },
    },
    async (req) => settings.setDisposalRules(actorOf(req), req.body.version, req.body.rules),
  );
  r.post(
    '/api/settings/disposal-rules/trial',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['supervision'],
        summary: 'Try a rule set on facts (admin, 试算): the rules that match, strongest first, and the class they suggest',
        description: 'Without `rules` the set in force is tried; a draft set is checked as PUT checks it (422 `settings.invalid_rules`). Nothing is stored.',
        body: Type.Object({ rules: Type.Optional(Type.Array(Rule, { maxItems: 200 })), facts: TrialFacts }, { additionalProperties: false }),
        response: { ...errorResponses, 200: DisposalTrial },
      },
    },
    async (req) => settings.tryDisposalRules(actorOf(req), req.body.rules, req.body.facts),
  );
  r.get(
    '/api/settings/disposal-rules/history',
    {
      config: { access: ['admin'] },
      schema: { tags: ['supervision'], summary: 'Earlier versions of the rule set, from the audit log (admin)', response: { ...errorResponses, 200: DisposalRulesHistory } },
    },
    async (req) => ({ items: await settings.disposalRulesHistory(actorOf(req)) }),
  );
}
