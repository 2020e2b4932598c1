import { Type } from 'typebox';
import { DateTime, Enum, Nullable, Uuid } from '../../platform/schemas.js';
import { ALERT_ACTIONS, ALERT_RULES, ALERT_SEVERITIES, ALERT_STATUSES, OFFICIAL_ACTIONS } from '../../../shared/alerts.js';
import { DISPOSAL_CLASSES, ROLES, STATUSES } from '../../../shared/enums.js';
import { AuditPage } from '../audit/audit.schemas.js';
import { Photo } from '../photos/photos.schemas.js';

export const AlertRule = Enum(ALERT_RULES, 'the rule that raised the alert (labels: shared/alerts.ts)');
export const AlertSeverity = Enum(ALERT_SEVERITIES, 'high 高 / medium 中 / low 低');
export const AlertStatus = Enum(ALERT_STATUSES, 'open 待处理 → under_review 核查中 → dismissed 已排除 / confirmed 已确认 → referred 已移送');
export const AlertActionName = Enum(ALERT_ACTIONS, 'review 开始核查, dismiss 排除 (reason required), confirm 确认问题, refer 移送纪委监委');

const Day = (description: string) => Type.String({ format: 'date', description });
const csv = (description: string) => Type.String({ maxLength: 300, description: `comma-separated: ${description}` });

/** The inbox's filter as the query string carries it. */
export const AlertQuerystring = Type.Object(
  {
    status: Type.Optional(csv(ALERT_STATUSES.join(', '))),
    rule: Type.Optional(csv(ALERT_RULES.join(', '))),
    severity: Type.Optional(csv(ALERT_SEVERITIES.join(', '))),
    division: Type.Optional(Type.String({ maxLength: 20, description: 'a division code: alerts on cases in it and below it' })),
    user: Type.Optional(Uuid),
    from: Type.Optional(Day('first China day the alert was raised')),
    to: Type.Optional(Day('last China day the alert was raised')),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    offset: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

export const AlertListItem = Type.Object({
  id: Uuid,
  rule: AlertRule,
  severity: AlertSeverity,
  status: AlertStatus,
  caseIds: Type.Array(Uuid),
  userIds: Type.Array(Uuid, { description: 'the people whose actions the alert is about (they never see it)' }),
  createdAt: DateTime(),
  summary: Type.String({ description: 'what was found, in zh-CN' }),
  divisionCode: Type.String(),
  placeName: Type.String({ description: 'the town and village of the case' }),
  cases: Type.Array(Type.Object({ id: Uuid, caseNo: Type.String() })),
  users: Type.Array(Type.Object({ id: Uuid, displayName: Type.String(), role: Nullable(Type.String()) })),
  group: Nullable(
    Type.Object(
      {
        importId: Uuid,
        filename: Type.String({ description: 'the ledger file as uploaded' }),
        importedAt: DateTime(),
        caseCount: Type.Integer({ description: 'the cases it lists that the reader may see (GET /api/alerts/{id}/cases)' }),
      },
      {
        description:
          'An import group (导入批次汇总): the situations this rule found on one census import’s cases in one town that nobody had acted on in this system, ' +
          'found on one day, kept as one alert that lists its cases (caseIds is then empty). Null: an alert on its own situation',
      },
    ),
  ),
});

export const AlertList = Type.Object({ items: Type.Array(AlertListItem), total: Type.Integer() }, { description: 'Alerts, the most severe and then the oldest first' });

export const AlertMemberQuerystring = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) },
  { additionalProperties: false },
);

export const AlertMemberList = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        caseId: Uuid,
        caseNo: Type.String(),
        status: Enum(STATUSES, 'the case’s status now'),
        placeName: Type.String({ description: 'the town and village of the case' }),
        addressText: Nullable(Type.String()),
        summary: Type.String({ description: 'what the rule found on this case, in zh-CN' }),
        foundAt: DateTime('when the sweep found it'),
      }),
    ),
    total: Type.Integer(),
  },
  { description: 'The cases an import group lists, in the order they were found, then by case number' },
);

const Problem = Type.Object({ code: Type.String(), label: Type.String({ description: 'zh-CN' }), detail: Nullable(Type.String()) });
const AuditRecord = AuditPage.properties.items.items;

export const AlertDetail = Type.Object(
  {
    ...AlertListItem.properties,
    ruleVersion: Type.Integer({ description: 'the version of the rule settings that raised it' }),
    problems: Type.Array(Problem, { description: 'what was wrong beside the photos' }),
    cases: Type.Array(
      Type.Object({
        id: Uuid,
        caseNo: Type.String(),
        status: Enum(STATUSES),
        disposalClass: Nullable(Enum(DISPOSAL_CLASSES)),
        areaM2: Nullable(Type.Number()),
        addressText: Nullable(Type.String()),
        townName: Type.String(),
        villageName: Type.String(),
        lon: Type.Number(),
        lat: Type.Number(),
      }),
    ),
    photos: Type.Array(
      Type.Object({
        ...Photo.properties,
        involved: Type.Boolean({ description: 'a photo the rule judged' }),
        problems: Type.Array(Problem),
      }),
    ),
    photoPairs: Type.Array(
      Type.Object({
        photoId: Uuid,
        otherPhotoId: Uuid,
        bits: Type.Integer({ description: 'bits the two perceptual hashes differ by (0: the same picture)' }),
      }),
      { description: 'photo reuse: each later photo beside the earlier photo of another case it repeats' },
    ),
    auditRecords: Type.Array(Type.Object({ ...AuditRecord.properties, involved: Type.Boolean({ description: 'a record of the actions the alert is about' }) }), {
      description: 'the cases’ audit records, oldest first, each as a zh-CN sentence',
    }),
    steps: Type.Array(
      Type.Object({
        at: DateTime(),
        action: Enum(['raise', ...ALERT_ACTIONS] as const),
        fromStatus: Nullable(AlertStatus),
        toStatus: AlertStatus,
        reason: Nullable(Type.String()),
        referralNo: Nullable(Type.String({ description: 'the referral number (移送编号), on the refer step' })),
        actorName: Type.String(),
      }),
    ),
    allowedActions: Type.Array(AlertActionName),
  },
  { description: 'An alert with its evidence and its steps' },
);

export const AlertActionBody = Type.Object(
  {
    action: AlertActionName,
    reason: Type.Optional(Type.String({ maxLength: 1000, description: 'required to dismiss' })),
  },
  { additionalProperties: false },
);

const ThresholdField = Type.Object({
  key: Type.String(),
  label: Type.String(),
  unit: Type.String(),
  min: Type.Number(),
  max: Type.Number(),
  integer: Type.Boolean(),
});

export const AlertRuleSettings = Type.Object({
  code: AlertRule,
  label: Type.String({ description: 'zh-CN' }),
  description: Type.String({ description: 'what the rule watches and why (zh-CN)' }),
  enabled: Type.Boolean(),
  severity: AlertSeverity,
  thresholds: Type.Record(Type.String(), Type.Number()),
  fields: Type.Array(ThresholdField, { description: 'the thresholds as form fields with units and bounds' }),
  version: Type.Integer(),
  updatedAt: DateTime(),
  updatedBy: Nullable(Type.String()),
});
export const AlertRuleList = Type.Object({ items: Type.Array(AlertRuleSettings) }, { description: 'The supervision rules and their settings' });

export const AlertRuleUpdate = Type.Object(
  {
    code: AlertRule,
    enabled: Type.Boolean(),
    severity: AlertSeverity,
    thresholds: Type.Record(Type.String(), Type.Number(), { description: 'exactly the rule’s fields, each within its bounds' }),
    version: Type.Integer({ minimum: 1, description: 'the version read (optimistic locking)' }),
  },
  { additionalProperties: false },
);

const Counts = {
  raised: Type.Integer({ description: 'alerts raised in the month' }),
  dismissed: Type.Integer({ description: 'dismissed (排除) in the month' }),
  confirmed: Type.Integer({ description: 'confirmed (确认问题) in the month' }),
  referred: Type.Integer({ description: 'referred (移送) to the commission in the month' }),
  waiting: Type.Integer({ description: 'open or under review at the month’s end' }),
};

/** The monthly supervision report's query. */
export const SupervisionReportQuerystring = Type.Object(
  {
    month: Type.Optional(Type.String({ maxLength: 7, description: 'YYYY-MM (China time); omitted: the last month that has ended' })),
    division: Type.Optional(Type.String({ maxLength: 20, description: 'the city or a town (default: the reader’s jurisdiction)' })),
  },
  { additionalProperties: false },
);

export const SupervisionReport = Type.Object(
  {
    month: Type.String(),
    monthLabel: Type.String({ description: 'e.g. 2026年11月' }),
    division: Type.Object({ code: Type.String(), name: Type.String(), level: Enum(['city', 'town'] as const) }),
    generatedAt: DateTime(),
    totals: Type.Object(Counts),
    previous: Nullable(Type.Object(Counts, { description: 'the month before (its waiting is not counted: 0)' })),
    byRule: Type.Array(Type.Object({ rule: AlertRule, ...Counts })),
    byTown: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), ...Counts })),
    trend: Type.Object({
      months: Type.Array(Type.String()),
      raised: Type.Array(Type.Integer()),
      dismissed: Type.Array(Type.Integer()),
      confirmed: Type.Array(Type.Integer()),
      referred: Type.Array(Type.Integer()),
    }),
  },
  {
    description:
      'The monthly supervision report (公权力监督月报): alerts raised, dismissed, confirmed and referred by rule and town, with twelve months of trend; alerts about the reader left out',
  },
);

export const OfficialProfile = Type.Object(
  {
    official: Type.Object({
      id: Uuid,
      displayName: Type.String(),
      role: Enum(ROLES),
      department: Nullable(Type.String()),
      active: Type.Boolean(),
      divisionCode: Type.String(),
      divisionName: Type.String(),
    }),
    months: Type.Array(Type.String(), { description: 'the last 12 China months, oldest first' }),
    peerCount: Type.Integer({ description: 'the other active people of the same role in the reader’s jurisdiction' }),
    actions: Type.Array(
      Type.Object({
        kind: Enum(OFFICIAL_ACTIONS, 'labels: shared/alerts.ts OFFICIAL_ACTION_LABELS'),
        mine: Type.Array(Type.Integer(), { description: 'per month' }),
        peers: Type.Array(Type.Number(), { description: 'the peers’ mean per month' }),
        total: Type.Integer(),
        peersTotal: Type.Number(),
      }),
    ),
    rejectionSharePct: Nullable(Type.Number({ description: '不予立案 among his 立案 + 不予立案 over the 12 months, %' })),
    peersRejectionSharePct: Nullable(Type.Number()),
    alerts: AlertList,
    recent: Type.Array(
      Type.Object({
        eventId: Type.Integer(),
        caseId: Uuid,
        caseNo: Type.String(),
        kind: Type.String(),
        at: DateTime(),
        disposalClass: Nullable(Type.String()),
        note: Nullable(Type.String()),
      }),
      { description: 'his latest decisions on cases, newest first' },
    ),
  },
  { description: 'An official’s profile for the supervisor: his actions per month against his peers’ mean, his rejections, the alerts about him, his latest decisions' },
);
