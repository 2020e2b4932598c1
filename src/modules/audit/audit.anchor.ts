/**
 * Pure rules of the audit chain's anchors (链锚点): the chain head written outside the database, so that
 * records deleted from the end of the chain, or the chain re-hashed after an edit, are still found. An
 * anchor names the last record (id and hash) and the count at a moment; `judgeAnchors` compares every
 * anchor with the chain as it is now. No I/O: the service lists and reads the anchors and the records.
 */

export const ANCHOR_PREFIX = 'audit-anchors/';
export const ANCHOR_KIND = 'wuweijian.audit-anchor';

/** Why an anchor was written: the periodic timer, a monthly report that prints it, or an export whose proof ends at it. */
export type AnchorReason = 'periodic' | 'monthly_report' | 'export';

export interface AuditAnchor {
  /** The blob key it was read from (or written to). */
  key: string;
  lastId: number;
  hash: string;
  /** Records in the chain when it was written. */
  count: number;
  /** When it was written (ISO 8601). */
  at: string;
  reason: AnchorReason;
  /** What it was written for, e.g. the monthly report's division and month. */
  note: string | null;
}

const HASH = /^[0-9a-f]{64}$/;
const KEY = /^audit-anchors\/(\d{4})\/(\d{2})\/(\d{8}t\d{9}z)-(\d+)\.json$/;

/** `audit-anchors/2026/12/20261206t101500123z-4711.json`: sorted by time within a month (blob keys are lower case). */
export function anchorKey(at: Date, lastId: number): string {
  const iso = at.toISOString(); // 2026-12-06T10:15:00.123Z
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}t${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}${iso.slice(20, 23)}z`;
  return `${monthPrefix(at)}${stamp}-${lastId}.json`;
}

/** The prefix of one month's anchors (UTC). */
export function monthPrefix(at: Date): string {
  const iso = at.toISOString();
  return `${ANCHOR_PREFIX}${iso.slice(0, 4)}/${iso.slice(5, 7)}/`;
}

/** The record id a key names, or null for a key that is not an anchor's. */
export function anchorKeyId(key: string): number | null {
  const m = KEY.exec(key);
  return m ? Number(m[4]) : null;
}

/** The text written to the blob store. */
export function anchorBody(a: Omit<AuditAnchor, 'key'> & { writer: string }): string {
  return `${JSON.stringify({ kind: ANCHOR_KIND, version: 1, ...a }, null, 2)}\n`;
}

/** Reads an anchor's text; a reason why it is not a valid anchor (a string) otherwise. */
export function parseAnchor(key: string, text: string): AuditAnchor | string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text);
  } catch {
    return '不是有效的 JSON';
  }
  if (!o || typeof o !== 'object' || o.kind !== ANCHOR_KIND) return '不是审计链锚点';
  const { lastId, hash, count, at, reason, note } = o;
  if (!Number.isSafeInteger(lastId) || (lastId as number) < 1) return '缺少记录序号';
  if (typeof hash !== 'string' || !HASH.test(hash)) return '缺少哈希';
  if (!Number.isSafeInteger(count) || (count as number) < 0) return '缺少记录数';
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return '缺少写入时间';
  if (reason !== 'periodic' && reason !== 'monthly_report' && reason !== 'export') return '写入原因无效';
  if (anchorKeyId(key) !== lastId) return '文件名中的记录序号与内容不符';
  return { key, lastId: lastId as number, hash, count: count as number, at, reason, note: typeof note === 'string' ? note : null };
}

/** A time as the county reads it: `2026-12-06 18:15:00` (Beijing time). */
export function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export type AnchorProblem = 'truncated' | 'records_missing' | 'anchor_mismatch' | 'anchor_invalid';

export interface AnchorFinding {
  problem: AnchorProblem;
  /** The first record that is missing or no longer what the anchor says (for the ranking with the chain's own finding). */
  firstBrokenId: number;
  /** The last record before the problem that is known to hold, when there is one. */
  intactUpTo: number | null;
  message: string;
  anchor: AuditAnchor | null;
}

/** What the chain holds now, for the anchored record ids (read by the service). */
export interface ChainFacts {
  /** The highest record id in the chain; null when it is empty. */
  end: number | null;
  /** The hash of each anchored record that still exists. */
  hashes: ReadonlyMap<number, string>;
  /** For an anchored record that no longer exists: the highest id below it that does (null: none). */
  before: ReadonlyMap<number, number | null>;
}

const short = (h: string) => `${h.slice(0, 12)}…`;

/**
 * Every anchor against the chain: the record it names must exist and carry its hash, and no anchor may
 * name a record beyond the chain's end (records deleted from the end). Returns the finding with the lowest
 * record id (the first thing wrong), or null when every anchor holds. Anchors that cannot be read are
 * findings too: somebody wrote into the anchor store.
 */
export function judgeAnchors(anchors: readonly AuditAnchor[], invalid: readonly { key: string; why: string }[], facts: ChainFacts): AnchorFinding | null {
  const findings: AnchorFinding[] = [];
  for (const bad of invalid) {
    findings.push({
      problem: 'anchor_invalid',
      firstBrokenId: anchorKeyId(bad.key) ?? 0,
      intactUpTo: null,
      message: `链锚点 ${bad.key} 无法读取(${bad.why}),锚点存储可能被改动`,
      anchor: null,
    });
  }
  const sorted = [...anchors].sort((a, b) => a.lastId - b.lastId || a.at.localeCompare(b.at));
  // the highest anchored record below the one being judged that still holds (for the range of a change)
  let lastGood: number | null = null;
  for (const a of sorted) {
    const now = facts.hashes.get(a.lastId);
    const when = chinaTime(a.at);
    if (now === a.hash) {
      lastGood = a.lastId;
      continue;
    }
    if (now !== undefined) {
      findings.push({
        problem: 'anchor_mismatch',
        firstBrokenId: a.lastId,
        intactUpTo: lastGood,
        message: `审计记录 #${a.lastId} 与 ${when} 的链锚点不符(锚点哈希 ${short(a.hash)},现为 ${short(now)}):${lastGood ? `#${lastGood} 之后、` : ''}#${a.lastId} 及之前的记录被改动后重算了哈希`,
        anchor: a,
      });
      break; // a later anchor of a re-hashed chain says nothing new
    }
    if (facts.end === null || a.lastId > facts.end) {
      // records deleted from the end: judged against the newest anchor, below
      continue;
    }
    const before = facts.before.get(a.lastId) ?? null;
    findings.push({
      problem: 'records_missing',
      firstBrokenId: (before ?? 0) + 1,
      intactUpTo: before,
      message: `审计记录 #${a.lastId} 已不存在:${when} 的链锚点记载了它(哈希 ${short(a.hash)});${before ? `#${before} 之后` : '开头'}至 #${a.lastId} 的记录被删除`,
      anchor: a,
    });
    break;
  }
  const beyond = sorted.filter((a) => facts.end === null || a.lastId > facts.end);
  if (beyond.length) {
    const newest = beyond.reduce((x, y) => (y.lastId > x.lastId || (y.lastId === x.lastId && y.at > x.at) ? y : x));
    const end = facts.end;
    findings.push({
      problem: 'truncated',
      firstBrokenId: (end ?? 0) + 1,
      intactUpTo: end,
      message: `${end === null ? '审计链的全部记录缺失' : `审计链末尾 #${end} 之后的记录缺失`}:${chinaTime(newest.at)} 的链锚点表明审计链已到 #${newest.lastId}(共 ${newest.count} 条)`,
      anchor: newest,
    });
  }
  if (!findings.length) return null;
  return findings.reduce((x, y) => (y.firstBrokenId < x.firstBrokenId ? y : x));
}

/** The newest anchor by the time it was written (the one the audit page shows). */
export function newestAnchor(anchors: readonly AuditAnchor[]): AuditAnchor | null {
  return anchors.reduce<AuditAnchor | null>((x, y) => (!x || y.at > x.at || (y.at === x.at && y.lastId > x.lastId) ? y : x), null);
}
