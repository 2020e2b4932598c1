import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import type { Actor } from '../../platform/auth.js';
import { auditBody, verifyChain, GENESIS_HASH, type ChainVerdict } from './audit.chain.js';
import type { AuditRepo } from './audit.repo.js';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

export function auditService(deps: { db: Database; clock: Clock; auditRepo: AuditRepo }) {
  const { db, clock, auditRepo } = deps;
  return {
    /**
     * Appends one record in the caller's transaction (opens one if none is open); it is written with the
     * transaction's other audit records right before commit.
     */
    async append(actor: Actor | null, e: AuditEntry): Promise<void> {
      await db.transaction(async () => {
        const fields = {
          at: clock.now().toISOString(),
          actorId: actor?.id ?? null,
          actorName: actor?.username ?? null,
          action: e.action,
          entity: e.entity,
          entityId: e.entityId,
          // a JSON round trip drops undefined and turns Dates into strings, exactly as jsonb stores them
          before: e.before === undefined ? null : JSON.parse(JSON.stringify(e.before)),
          after: e.after === undefined ? null : JSON.parse(JSON.stringify(e.after)),
        };
        auditRepo.append({ ...fields, body: auditBody(fields) });
      });
    },
    /** Re-hashes the whole chain in pages; names the first record that does not hold. */
    async verify(): Promise<ChainVerdict> {
      let after = 0;
      let state = { prevHash: GENESIS_HASH, checked: 0 };
      let lastId: number | null = null;
      for (;;) {
        const rows = await auditRepo.page(after, 2000);
        if (rows.length === 0) return { ok: true, checked: state.checked, lastId, lastHash: state.prevHash };
        const v = verifyChain(rows, state);
        if (!v.ok) return v;
        state = { prevHash: v.lastHash, checked: v.checked };
        lastId = v.lastId;
        after = rows[rows.length - 1].id;
      }
    },
    list: auditRepo.list,
  };
}
export type AuditService = ReturnType<typeof auditService>;
