import { createHash } from 'node:crypto';

/** Pure hash-chain rules of the audit log (公权力监督: the record nobody can quietly rewrite). */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditFields {
  at: string; // ISO 8601, millisecond precision
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

/** JSON with object keys sorted at every level, so a value hashes the same after a jsonb round trip. */
export function canonicalJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  if (typeof v === 'number' && !Number.isFinite(v)) return 'null';
  return JSON.stringify(v);
}

/** The canonical text of a record that its hash covers. */
export function auditBody(f: AuditFields): string {
  return canonicalJson({
    at: f.at,
    actorId: f.actorId,
    actorName: f.actorName,
    action: f.action,
    entity: f.entity,
    entityId: f.entityId,
    before: f.before ?? null,
    after: f.after ?? null,
  });
}

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
