import os from 'node:os';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import type { Actor } from '../../platform/auth.js';
import type { BlobStore } from '../../platform/blobs.js';
import { AppError } from '../../platform/errors.js';
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
import type { AuditRepo } from './audit.repo.js';

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
    list: auditRepo.list,
  };
}
export type AuditService = ReturnType<typeof auditService>;
