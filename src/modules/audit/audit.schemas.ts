import { Type } from 'typebox';
import { DateTime, Nullable } from '../../platform/schemas.js';
import { ROLES } from '../../../shared/enums.js';

/** An anchor of the chain's head as read from the blob store (audit/audit.anchor.ts). */
const AuditAnchor = Type.Object({
  key: Type.String({ description: 'the blob key, e.g. audit-anchors/2026/12/20261206t101500123z-4711.json' }),
  lastId: Type.Integer({ description: 'the last record of the chain when it was written' }),
  hash: Type.String({ description: 'that record’s hash' }),
  count: Type.Integer({ description: 'records in the chain then' }),
  at: DateTime(),
  reason: Type.Union([Type.Literal('periodic'), Type.Literal('monthly_report'), Type.Literal('export')]),
  note: Nullable(Type.String()),
});

const AnchorSummary = Type.Object({ count: Type.Integer({ description: 'anchors in the blob store' }), latest: Nullable(AuditAnchor) });

export const AuditVerifyResult = Type.Union(
  [
    Type.Object({
      ok: Type.Literal(true),
      checked: Type.Integer({ description: 'records re-hashed' }),
      lastId: Nullable(Type.Integer()),
      lastHash: Type.String(),
      anchors: AnchorSummary,
    }),
    Type.Object({
      ok: Type.Literal(false),
      checked: Type.Integer(),
      firstBrokenId: Type.Integer({ description: 'the first record whose hash or link does not hold, or that an anchor shows missing or changed' }),
      problem: Type.Union(
        [
          Type.Literal('hash_mismatch'),
          Type.Literal('link_broken'),
          Type.Literal('truncated'),
          Type.Literal('records_missing'),
          Type.Literal('anchor_mismatch'),
          Type.Literal('anchor_invalid'),
        ],
        {
          description:
            'hash_mismatch: a record edited in place; link_broken: a record deleted; truncated: records deleted from the end (an anchor names a later record); ' +
            'records_missing: an anchored record is gone; anchor_mismatch: an anchored record has another hash (the chain re-hashed); anchor_invalid: an anchor cannot be read',
        },
      ),
      message: Type.String(),
      intactUpTo: Nullable(Type.Integer({ description: 'the last record before the problem known to hold' })),
      anchor: Nullable(AuditAnchor),
      anchors: AnchorSummary,
    }),
  ],
  { description: 'The chain holds and agrees with its anchors (`ok: true`), or the first record missing or changed' },
);

/** One record of the hash-chained audit trail, as stored (snake_case). */
const AuditRecord = Type.Object({
  id: Type.Integer(),
  at: DateTime(),
  actor_id: Nullable(Type.String()),
  actor_name: Nullable(Type.String()),
  action: Type.String({ description: 'e.g. case.create, case.verify, user.login' }),
  entity: Type.String(),
  entity_id: Nullable(Type.String()),
  before: Type.Unknown({ description: 'the entity before (any JSON)' }),
  after: Type.Unknown({ description: 'the entity after (any JSON)' }),
  prev_hash: Type.String(),
  hash: Type.String(),
  actorLabel: Type.String({ description: 'the actor as a reader names him: display name (role), 系统, or the account tried (未登录)' }),
  actorRole: Nullable(Type.String({ description: 'the actor’s role now (users.role)' })),
  actionLabel: Type.String({ description: 'the action in zh-CN (its code when unknown)' }),
  entityLabel: Type.String({ description: 'the object type in zh-CN' }),
  objectLabel: Type.String({ description: 'the object named for a person: a case number, a paper’s number, an account’s name; never an id' }),
  caseId: Nullable(Type.String({ description: 'the case the record belongs to (its own, or that of its photo, task, paper or notice)' })),
  caseNo: Nullable(Type.String()),
  sentence: Type.String({ description: 'the record as one zh-CN sentence, e.g. 王主任(市三改一拆办) 将 PH-2026-001011 的处置类别由 拆除 改为 暂缓' }),
  changes: Type.Array(
    Type.Object({
      field: Type.String(),
      label: Type.String({ description: 'the field in zh-CN' }),
      before: Nullable(Type.String({ description: 'the value before, as labels and names (null: empty, or a record of what was with no before)' })),
      after: Nullable(Type.String()),
    }),
    { description: 'field by field: what changed, or what was recorded' },
  ),
});

export const AuditPage = Type.Object({ items: Type.Array(AuditRecord), total: Type.Integer() }, { description: 'Audit records, newest first' });

const Day = (description: string) => Type.String({ format: 'date', description });

/** The audit view's filter: every condition optional, all of them must hold. */
export const AuditFilterQuery = {
  actor: Type.Optional(Type.String({ format: 'uuid', description: 'the actor’s user id' })),
  role: Type.Optional(
    Type.Union(
      ROLES.map((r) => Type.Literal(r)),
      { description: 'the actor’s role' },
    ),
  ),
  action: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}\\.[a-z_]{1,40}$', description: 'e.g. case.classify' })),
  entity: Type.Optional(Type.String({ pattern: '^[a-z_]{1,30}$', description: 'object type, e.g. case, photo, case_task' })),
  entityId: Type.Optional(Type.String({ maxLength: 64, pattern: '^[A-Za-z0-9-]+$' })),
  town: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$', description: 'a division code: the records of the cases in it and below it' })),
  caseNo: Type.Optional(Type.String({ maxLength: 40, description: 'a case’s complete record: its own records and those of its photos, tasks, papers and notices' })),
  caseId: Type.Optional(Type.String({ format: 'uuid', description: 'as caseNo, by the case’s id' })),
  from: Type.Optional(Day('on or after this China day (YYYY-MM-DD)')),
  to: Type.Optional(Day('on or before this China day (YYYY-MM-DD, included)')),
};

export const AuditPeople = Type.Object({
  items: Type.Array(Type.Object({ id: Type.String(), username: Type.String(), displayName: Type.String(), role: Type.String() })),
});
