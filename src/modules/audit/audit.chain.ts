import { createHash } from 'node:crypto';

/** Pure hash-chain rules of the audit log (公权力监督: the record nobody can quietly rewrite). */
export const GENESIS_HASH = '0'.repeat(64);

// the text a hash covers is shared with the export verifier, which runs without Node (CLI and browser)
import { auditBody, type AuditFields } from '../../../shared/audit-canonical.js';
export { auditBody, canonicalJson, type AuditFields } from '../../../shared/audit-canonical.js';

export function auditHash(prevHash: string, f: AuditFields): string {
  return createHash('sha256')
    .update(`${prevHash}\n${auditBody(f)}`, 'utf8')
    .digest('hex');
}

export interface StoredAuditRow extends AuditFields {
  id: number;
  prevHash: string;
  hash: string;
}

export type ChainVerdict =
  | { ok: true; checked: number; lastId: number | null; lastHash: string }
  | { ok: false; checked: number; firstBrokenId: number; problem: 'hash_mismatch' | 'link_broken'; message: string };

/**
 * Walks rows in id order. A row edited in place no longer matches its own hash; a row deleted
 * leaves its successor pointing at a hash that is not the one before it.
 */
export function verifyChain(rows: Iterable<StoredAuditRow>, start: { prevHash: string; checked: number } = { prevHash: GENESIS_HASH, checked: 0 }): ChainVerdict {
  let prev = start.prevHash;
  let checked = start.checked;
  let lastId: number | null = null;
  for (const r of rows) {
    if (r.prevHash !== prev) {
      return { ok: false, checked, firstBrokenId: r.id, problem: 'link_broken', message: `审计记录 #${r.id} 的前序哈希与上一条记录不符(之前的记录被删除或改动)` };
    }
    if (auditHash(r.prevHash, r) !== r.hash) {
      return { ok: false, checked, firstBrokenId: r.id, problem: 'hash_mismatch', message: `审计记录 #${r.id} 的内容与其哈希不符(记录被直接修改)` };
    }
    prev = r.hash;
    lastId = r.id;
    checked++;
  }
  return { ok: true, checked, lastId, lastHash: prev };
}
