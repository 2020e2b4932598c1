import { Type } from 'typebox';
import { DateTime, Nullable } from '../../platform/schemas.js';

export const AuditVerifyResult = Type.Union(
  [
    Type.Object({ ok: Type.Literal(true), checked: Type.Integer({ description: 'records re-hashed' }), lastId: Nullable(Type.Integer()), lastHash: Type.String() }),
    Type.Object({
      ok: Type.Literal(false),
      checked: Type.Integer(),
      firstBrokenId: Type.Integer({ description: 'the first record whose hash or link does not hold' }),
      problem: Type.Union([Type.Literal('hash_mismatch'), Type.Literal('link_broken')]),
      message: Type.String(),
    }),
  ],
  { description: 'The chain holds (`ok: true`) or the first broken record' },
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
