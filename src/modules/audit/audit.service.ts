import os from 'node:os';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import type { Actor } from '../../platform/auth.js';
import type { BlobStore } from '../../platform/blobs.js';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import { auditBody, verifyChain, GENESIS_HASH, type ChainVerdict } from './audit.chain.js';
import {
  ANCHOR_PREFIX,
  anchorBody,
  anchorKey,
  anchorKeyId,
  judgeAnchors,
  monthPrefix,
  newestAnchor,
  parseAnchor,
  type AnchorFinding,
  type AnchorReason,
  type AuditAnchor,
} from './audit.anchor.js';
import type { AuditRepo, AuditSearch } from './audit.repo.js';
import { describeAudit, referencedIds, type AuditNames, type AuditRowView } from './audit.describe.js';
import { auditWorkbook } from './audit.xlsx.js';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS } from '../../../shared/audit-vocabulary.js';
import { ROLE_LABELS } from '../../../shared/enums.js';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/** The anchors found in the blob store, for the verdict: how many, and the newest. */
export interface AnchorSummary {
  count: number;
  latest: AuditAnchor | null;
}

/** The chain re-hashed and compared with its anchors: intact, or the first record missing or changed. */
export type AuditVerdict =
  | (Extract<ChainVerdict, { ok: true }> & { anchors: AnchorSummary })
  | {
      ok: false;
      checked: number;
      firstBrokenId: number;
      problem: Extract<ChainVerdict, { ok: false }>['problem'] | AnchorFinding['problem'];
      message: string;
      intactUpTo: number | null;
      anchor: AuditAnchor | null;
      anchors: AnchorSummary;
    };

/** The audit view's filter as the route receives it (days are China calendar days, both ends included). */
export interface AuditQuery {
  actor?: string;
  role?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  /** A division code: records of the cases in it and below it (a town and its villages). */
  town?: string;
  caseNo?: string;
  caseId?: string;
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

/** The most records one Excel export holds. */
export const EXPORT_MAX = 20_000;

const chinaDayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
const chinaDay = (t: Date) => new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** One record as the audit view shows it: the stored fields plus their reading. */
function presentRecord(r: AuditRowView & { prevHash: string; hash: string }, names: AuditNames) {
  const d = describeAudit(r, names);
  return {
    id: r.id,
    at: r.at,
    actor_id: r.actorId,
    actor_name: r.actorName,
    action: r.action,
    entity: r.entity,
    entity_id: r.entityId,
    before: r.before,
    after: r.after,
    prev_hash: r.prevHash,
    hash: r.hash,
    actorLabel: d.actorLabel,
    actorRole: r.actorRole,
    actionLabel: d.actionLabel,
    entityLabel: d.entityLabel,
    objectLabel: d.objectLabel,
    caseId: r.caseId,
    caseNo: r.caseNo,
    sentence: d.sentence,
    changes: d.changes,
  };
}

const WRITER = `${os.hostname()}:${process.pid}`;
/** Anchors read at once from the blob store while verifying. */
const READ_AHEAD = 16;

export function auditService(deps: { db: Database; clock: Clock; auditRepo: AuditRepo; blobs: BlobStore; anchorMinutes?: number; anchorRetainDays?: number }) {
  const { db, clock, auditRepo, blobs } = deps;
  /** The head this process last anchored or found anchored: a tick with the same head reads nothing more. */
  let anchored: { lastId: number; hash: string } | null = null;

  /** Writes the chain's head to the blob store, once under a new key; null when the chain is empty. */
  async function writeAnchor(reason: AnchorReason, note: string | null = null): Promise<AuditAnchor | null> {
    const head = await auditRepo.head();
    if (!head) return null;
    const now = clock.now();
    const a = { lastId: head.id, hash: head.hash, count: head.count, at: now.toISOString(), reason, note };
    const key = anchorKey(now, head.id);
    const days = deps.anchorRetainDays ?? 0;
    await blobs.put(key, Buffer.from(anchorBody({ ...a, writer: WRITER }), 'utf8'), days > 0 ? { retainUntil: new Date(now.getTime() + days * 86400_000) } : {});
    anchored = { lastId: head.id, hash: head.hash };
    return { key, ...a };
  }

  /** Every anchor in the blob store (the copies the database user cannot rewrite), and those that cannot be read. */
  async function readAnchors() {
    const keys = (await blobs.list(ANCHOR_PREFIX)).filter((k) => anchorKeyId(k) !== null);
    const anchors: AuditAnchor[] = [];
    const invalid: { key: string; why: string }[] = [];
    for (let i = 0; i < keys.length; i += READ_AHEAD) {
      const texts = await Promise.all(keys.slice(i, i + READ_AHEAD).map((k) => blobs.get(k).then((b) => b.toString('utf8'))));
      texts.forEach((text, j) => {
        const a = parseAnchor(keys[i + j], text);
        if (typeof a === 'string') invalid.push({ key: keys[i + j], why: a });
        else anchors.push(a);
      });
    }
    return { anchors, invalid };
  }

  /** Re-hashes the whole chain in pages; names the first record that does not hold. */
  async function verifyRecords(): Promise<ChainVerdict> {
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
  }

  /** The query's names (a case number, a division code, China days) as what the repo filters by. */
  async function toSearch(q: AuditQuery): Promise<AuditSearch> {
    let caseId = q.caseId;
    if (q.caseNo) {
      const id = await auditRepo.caseIdByNo(q.caseNo.trim());
      if (!id) throw notFound(`案件 ${q.caseNo}`, 'audit.case_not_found');
      if (caseId && caseId !== id) throw badRequest('audit.case_mismatch', '案件编号与案件 ID 不是同一案件', { field: 'caseNo' });
      caseId = id;
    }
    let divisionPath: string | undefined;
    if (q.town) {
      const p = await auditRepo.divisionPath(q.town);
      if (!p) throw badRequest('audit.unknown_division', `未知行政区划代码: ${q.town}`, { field: 'town' });
      divisionPath = p;
    }
    if (q.from && q.to && q.from > q.to) throw badRequest('audit.invalid_range', '开始日期晚于结束日期', { field: 'from' });
    return {
      actorId: q.actor,
      role: q.role,
      action: q.action,
      entity: q.entity,
      entityId: q.entityId,
      divisionPath,
      caseId,
      from: q.from ? chinaDayStart(q.from) : undefined,
      to: q.to ? new Date(chinaDayStart(q.to).getTime() + 86400_000) : undefined,
      limit: q.limit ?? 50,
      offset: q.offset ?? 0,
    };
  }

  /** The filter in words, for the export's cover sheet. */
  async function filterText(q: AuditQuery): Promise<string> {
    const parts: string[] = [];
    if (q.actor) {
      const n = await auditRepo.names({ cases: [], users: [q.actor], divisions: [], documents: [] });
      parts.push(`操作人:${n.users.get(q.actor) ?? q.actor}`);
    }
    if (q.role) parts.push(`角色:${(ROLE_LABELS as Record<string, string>)[q.role] ?? q.role}`);
    if (q.action) parts.push(`操作:${AUDIT_ACTION_LABELS[q.action] ?? q.action}`);
    if (q.entity) parts.push(`对象类型:${AUDIT_ENTITY_LABELS[q.entity] ?? q.entity}`);
    if (q.town) {
      const n = await auditRepo.names({ cases: [], users: [], divisions: [q.town], documents: [] });
      parts.push(`区域:${n.divisions.get(q.town) ?? q.town}`);
    }
    if (q.caseNo) parts.push(`案件:${q.caseNo}(含照片、任务、文书、督办单)`);
    else if (q.caseId) parts.push('案件:按案件 ID(含照片、任务、文书、督办单)');
    if (q.from || q.to) parts.push(`日期:${q.from ?? '不限'} 至 ${q.to ?? '不限'}`);
    if (q.entityId) parts.push(`对象 ID:${q.entityId}`);
    return parts.join(';');
  }

  async function append(actor: Actor | null, e: AuditEntry): Promise<void> {
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
  }

  return {
    /**
     * Appends one record in the caller's transaction (opens one if none is open); it is written with the
     * transaction's other audit records right before commit.
     */
    append,
    /**
     * Re-hashes the whole chain and compares it with every anchor in the blob store: each anchored record
     * must exist and carry the anchored hash, and no anchor may name a record beyond the chain's end. Names
     * the first record that is missing or does not hold (the chain's own finding first when both name the
     * same record).
     */
    async verify(): Promise<AuditVerdict> {
      const { anchors, invalid } = await readAnchors().catch((err: Error) => {
        throw new AppError('audit.anchors_unavailable', 503, `无法读取审计链锚点(${blobs.driver}):${err.message}`);
      });
      const chain = await verifyRecords();
      const facts = await auditRepo.anchorFacts(anchors.map((a) => a.lastId));
      const finding = judgeAnchors(anchors, invalid, facts);
      const summary: AnchorSummary = { count: anchors.length, latest: newestAnchor(anchors) };
      if (finding && (chain.ok || finding.firstBrokenId < chain.firstBrokenId)) {
        return { ok: false, checked: chain.checked, ...finding, anchors: summary };
      }
      if (!chain.ok) return { ...chain, intactUpTo: null, anchor: null, anchors: summary };
      return { ...chain, anchors: summary };
    },
    /**
     * Anchors the chain's head now, whether or not it moved (a monthly report prints the anchor it made).
     * Null when the chain is empty.
     */
    anchor: writeAnchor,
    /**
     * The periodic anchor: writes one when the head moved since the newest anchor of this month (read from
     * the blob store, not the database, so a row somebody wrote there cannot stop it). Several processes
     * doing this at once write the same head twice under two keys, which verifies the same.
     */
    async anchorIfMoved(): Promise<AuditAnchor | null> {
      const head = await auditRepo.head();
      if (!head) return null;
      if (anchored && anchored.lastId === head.id && anchored.hash === head.hash) return null;
      const keys = await blobs.list(monthPrefix(clock.now()));
      const newestKey = keys.filter((k) => anchorKeyId(k) !== null).at(-1);
      if (newestKey) {
        const a = parseAnchor(newestKey, (await blobs.get(newestKey)).toString('utf8'));
        if (typeof a !== 'string' && a.lastId === head.id && a.hash === head.hash) {
          anchored = { lastId: a.lastId, hash: a.hash };
          return null;
        }
      }
      return writeAnchor('periodic');
    },
    /**
     * Runs `anchorIfMoved` now and every AUDIT_ANCHOR_MINUTES in this process (the server's worker), one at
     * a time; returns the stop function, which waits for a write under way.
     */
    startAnchoring(log: { error: (o: object, m: string) => void }): () => Promise<void> {
      let running: Promise<unknown> = Promise.resolve();
      let busy = false;
      const tick = () => {
        if (busy) return;
        busy = true;
        running = this.anchorIfMoved()
          .catch((err) => log.error({ err }, 'audit anchor failed'))
          .finally(() => {
            busy = false;
          });
      };
      tick();
      const timer = setInterval(tick, (deps.anchorMinutes ?? 5) * 60_000);
      return async () => {
        clearInterval(timer);
        await running;
      };
    },
    /**
     * Records matching the filter, newest first, each read as a sentence with field-level before → after; the
     * records of alerts about the reader are left out.
     */
    async search(reader: Actor, q: AuditQuery) {
      const f = { ...(await toSearch(q)), readerId: reader.id };
      const { items, total } = await auditRepo.search(f);
      const names = await auditRepo.names(referencedIds(items));
      return { items: items.map((r) => presentRecord(r, names)), total };
    },
    /** The people who may appear as actors, for the person filter. */
    async people() {
      return { items: (await auditRepo.people()).map((u) => ({ id: u.id, username: u.username, displayName: u.display_name, role: u.role })) };
    },
    /**
     * The filtered records as an Excel workbook (every match, up to EXPORT_MAX), with the same sentences as the
     * page; the export is itself recorded: who, the filter and the number of rows.
     */
    async exportXlsx(actor: Actor, q: AuditQuery) {
      const f = { ...(await toSearch({ ...q, limit: EXPORT_MAX, offset: 0 })), readerId: actor.id };
      const { items, total } = await auditRepo.search(f);
      if (total > EXPORT_MAX) {
        throw new AppError('audit.export_too_large', 422, `符合条件的记录有 ${total} 条,超过单次导出上限 ${EXPORT_MAX} 条,请缩小日期范围或增加筛选条件`, {
          total,
          max: EXPORT_MAX,
        });
      }
      const names = await auditRepo.names(referencedIds(items));
      const rows = items.map((r) => ({ id: r.id, at: r.at, action: r.action, hash: r.hash, caseNo: r.caseNo, isChange: r.before !== null, d: describeAudit(r, names) }));
      const filter = await filterText(q);
      const at = clock.now().toISOString();
      const buffer = await auditWorkbook(rows, { filter, by: `${actor.displayName}(${actor.username})`, at, total: rows.length });
      const { limit: _l, offset: _o, ...kept } = q;
      await append(actor, { action: 'audit.export', entity: 'audit_log', entityId: null, after: { format: 'xlsx', count: rows.length, filter: kept } });
      return { filename: `审计记录-${chinaDay(new Date(at))}.xlsx`, buffer };
    },
  };
}
export type AuditService = ReturnType<typeof auditService>;
