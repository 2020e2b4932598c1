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
import { AUDIT_EXPORT_KIND, type AuditExportFile, type AuditExportSegment } from '../../../shared/audit-export.js';

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

/** The most records one export with its chain proof carries (those exported and those on the way to the anchors). */
export const PROOF_MAX = 100_000;

/** Who or what an export with its chain proof is of: a case (number or id) or a person (username or id). */
export interface ChainProofQuery {
  case?: string;
  user?: string;
}

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

    /**
     * The audit records of a case (its complete record) or of a person (what he did and what was done to his
     * account) with the chain proof an outside party re-checks without the database (shared/audit-export.ts,
     * docs/audit-export.md): for each group of records, the contiguous segment from the first of them to the
     * first anchor in the blob store at or after the last of them (one is written now when none covers them).
     * The export is itself recorded: who, of what, which records.
     */
    async exportChainProof(actor: Actor, q: ChainProofQuery) {
      if (!q.case === !q.user) throw badRequest('audit.export_subject', '请指定一个案件或一名人员(二选一)', { field: 'case' });
      const base = { readerId: actor.id, limit: EXPORT_MAX + 1, offset: 0 };
      let subject: AuditExportFile['subject'];
      let items: Awaited<ReturnType<AuditRepo['search']>>['items'];
      if (q.case) {
        const c = await auditRepo.caseByRef(q.case.trim());
        if (!c) throw notFound(`案件 ${q.case}`, 'audit.case_not_found');
        subject = { type: 'case', caseNo: c.caseNo };
        items = (await auditRepo.search({ ...base, caseId: c.id })).items;
      } else {
        const u = await auditRepo.userByRef((q.user ?? '').trim());
        if (!u) throw notFound(`人员 ${q.user}`, 'audit.user_not_found');
        subject = { type: 'user', username: u.username, displayName: u.displayName };
        const [did, about] = await Promise.all([auditRepo.search({ ...base, actorId: u.id }), auditRepo.search({ ...base, entity: 'user', entityId: u.id })]);
        items = [...new Map([...did.items, ...about.items].map((r) => [r.id, r])).values()];
      }
      if (items.length > EXPORT_MAX) {
        throw new AppError('audit.export_too_large', 422, `符合条件的记录超过单次导出上限 ${EXPORT_MAX} 条`, { max: EXPORT_MAX });
      }
      if (!items.length) throw new AppError('audit.export_empty', 422, '没有可导出的审计记录');
      items.sort((a, b) => a.id - b.id);
      const names = await auditRepo.names(referencedIds(items));

      // each record to the first anchor at or after it (the earliest written of those naming the same record)
      const keys = (await blobs.list(ANCHOR_PREFIX))
        .map((key) => ({ key, id: anchorKeyId(key) }))
        .filter((k): k is { key: string; id: number } => k.id !== null)
        .sort((a, b) => a.id - b.id || a.key.localeCompare(b.key));
      const groups: { ids: number[]; anchor: AuditAnchor; text: string }[] = [];
      let k = 0;
      for (const r of items) {
        const open = groups.at(-1);
        if (open && r.id <= open.anchor.lastId) {
          open.ids.push(r.id);
          continue;
        }
        let found: { anchor: AuditAnchor; text: string } | null = null;
        while (!found && k < keys.length) {
          const c = keys[k];
          if (c.id >= r.id) {
            const text = (await blobs.get(c.key)).toString('utf8');
            const a = parseAnchor(c.key, text);
            if (typeof a !== 'string') found = { anchor: a, text };
          }
          if (!found) k++;
        }
        if (!found) {
          const note = subject.type === 'case' ? `导出案件 ${subject.caseNo} 的审计记录` : `导出人员 ${subject.username} 的审计记录`;
          const a = await writeAnchor('export', note);
          if (!a) throw new AppError('audit.export_empty', 422, '没有可导出的审计记录');
          found = { anchor: a, text: (await blobs.get(a.key)).toString('utf8') };
        }
        groups.push({ ids: [r.id], ...found });
      }

      const byId = new Map(items.map((r) => [r.id, r]));
      const segments: AuditExportSegment[] = [];
      let carried = 0;
      for (const g of groups) {
        const from = g.ids[0];
        const to = g.anchor.lastId;
        carried += to - from + 1;
        if (carried > PROOF_MAX) {
          throw new AppError('audit.export_too_large', 422, `链证明需要携带的记录超过 ${PROOF_MAX} 条,请分段导出`, { max: PROOF_MAX });
        }
        const [rows, hidden] = await Promise.all([auditRepo.page(from - 1, to - from + 1), auditRepo.hiddenFrom(actor.id, from, to)]);
        const selected = new Set(g.ids);
        segments.push({
          from,
          to,
          records: rows
            .filter((r) => r.id <= to)
            .map((r) => {
              const sel = selected.has(r.id);
              const view = byId.get(r.id);
              const { id, prevHash, hash, ...fields } = r;
              return {
                seq: id,
                selected: sel,
                prevHash,
                hash,
                record: hidden.has(id) && !sel ? null : fields,
                ...(sel && view ? { sentence: describeAudit(view, names).sentence } : {}),
              };
            }),
          anchor: {
            store: blobs.driver,
            key: g.anchor.key,
            lastId: g.anchor.lastId,
            hash: g.anchor.hash,
            count: g.anchor.count,
            at: g.anchor.at,
            reason: g.anchor.reason,
            text: g.text,
          },
        });
      }
      const at = clock.now().toISOString();
      const file: AuditExportFile = {
        kind: AUDIT_EXPORT_KIND,
        version: 1,
        exportedAt: at,
        exportedBy: `${actor.displayName}(${actor.username})`,
        subject,
        hashRule: 'hash = sha256(prevHash + "\\n" + body), body = 按键名排序的 JSON {at, actorId, actorName, action, entity, entityId, before, after}(UTF-8)',
        selected: items.map((r) => r.id),
        segments,
      };
      const name = subject.type === 'case' ? subject.caseNo : subject.username;
      await append(actor, {
        action: 'audit.export',
        entity: 'audit_log',
        entityId: null,
        after: {
          format: 'chain_proof',
          ...(subject.type === 'case' ? { caseNo: subject.caseNo } : { username: subject.username }),
          count: items.length,
          first: items[0].id,
          last: items[items.length - 1].id,
          anchors: groups.map((g) => g.anchor.key),
        },
      });
      return { filename: `审计记录链证明-${name.replace(/[\\/:*?"<>|\s]+/g, '-')}-${chinaDay(new Date(at))}.json`, body: `${JSON.stringify(file, null, 1)}\n` };
    },
  };
}
export type AuditService = ReturnType<typeof auditService>;
