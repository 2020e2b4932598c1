import { Type } from 'typebox';
import { DateTime, Nullable } from '../../platform/schemas.js';

/** An anchor of the chain's head as read from the blob store (audit/audit.anchor.ts). */
const AuditAnchor = Type.Object({
  key: Type.String({ description: 'the blob key, e.g. audit-anchors/2026/12/20261206t101500123z-4711.json' }),
  lastId: Type.Integer({ description: 'the last record of the chain when it was written' }),
  hash: Type.String({ description: 'that record’s hash' }),
  count: Type.Integer({ description: 'records in the chain then' }),
  at: DateTime(),
  reason: Type.Union([Type.Literal('periodic'), Type.Literal('monthly_report')]),
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
});

export const AuditPage = Type.Object({ items: Type.Array(AuditRecord), total: Type.Integer() }, { description: 'Audit records, newest first' });
