/**
 * The canonical text of an audit record that its chain hash covers (src/modules/audit/audit.chain.ts), with no
 * I/O and no Node module: the server hashes it, and the export verifier re-hashes it in the CLI and the browser.
 */

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
