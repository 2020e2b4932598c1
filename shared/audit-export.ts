/**
 * The audit export with its chain proof (审计记录导出, 含链证明) and its verifier: pure, no database, no Node
 * module, so the CLI (`audit verify-export`) and the audit page (in the browser, nothing uploaded) run the same
 * check. The format is described in docs/audit-export.md.
 *
 * Each record's hash is sha256(prev_hash + "\n" + body), body the canonical JSON of its fields
 * (shared/audit-canonical.ts). A hash covers the record's whole text, so a link can only be re-computed with the
 * text of every record on the way: the file carries, for each group of selected records, the contiguous segment
 * from the first of them to the first anchor (the chain's head written outside the database) at or after the
 * last of them, with the text of the records in between (marked not selected).
 */
import { auditBody, type AuditFields } from './audit-canonical.js';
import { sha256Hex } from './sha256.js';

export const AUDIT_EXPORT_KIND = 'wuweijian.audit-export';

export interface AuditExportRecord {
  /** The record's position in the chain (audit_log.id). */
  seq: number;
  /** One of the records exported (the case's or the person's), or one on the way to the anchor. */
  selected: boolean;
  prevHash: string;
  hash: string;
  /** The fields the hash covers; null for a record withheld from this reader (its hash is taken as written). */
  record: AuditFields | null;
  /** The record read as a sentence (not covered by the hash). */
  sentence?: string;
}

export interface AuditExportAnchor {
  /** Where the copy is kept: the blob store's driver and the key. */
  store: string;
  key: string;
  lastId: number;
  hash: string;
  count: number;
  at: string;
  reason: string;
  /** The anchor's text as it is stored, to compare byte for byte with the copy in the store. */
  text: string;
}

export interface AuditExportSegment {
  from: number;
  to: number;
  records: AuditExportRecord[];
  anchor: AuditExportAnchor;
}

export interface AuditExportFile {
  kind: typeof AUDIT_EXPORT_KIND;
  version: 1;
  exportedAt: string;
  exportedBy: string;
  subject: { type: 'case'; caseNo: string } | { type: 'user'; username: string; displayName: string };
  hashRule: string;
  /** The positions of the records exported, in order. */
  selected: number[];
  segments: AuditExportSegment[];
}

export type AuditExportProblemKind = 'format' | 'content_changed' | 'link_broken' | 'record_missing' | 'anchor_mismatch';

export interface AuditExportProblem {
  kind: AuditExportProblemKind;
  /** The record concerned, when there is one. */
  seq: number | null;
  message: string;
}

export interface AuditExportVerdict {
  ok: boolean;
  /** One line in zh-CN: passed, or the first thing wrong. */
  summary: string;
  problems: AuditExportProblem[];
  /** Records exported / records re-hashed / records withheld from this reader (taken as written). */
  selected: number;
  checked: number;
  withheld: number;
  anchors: { key: string; lastId: number; hash: string; at: string; store: string }[];
  subject: string;
}

const HASH = /^[0-9a-f]{64}$/;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const short = (h: string) => `${h.slice(0, 12)}…`;
/** A time as the county reads it (Beijing time), whatever the reader's machine is set to. */
const chinaTime = (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' '));

export function auditChainHash(prevHash: string, f: AuditFields): string {
  return sha256Hex(`${prevHash}\n${auditBody(f)}`);
}

/** Reads the file's text: the export, or why it is not one. */
export function parseAuditExport(text: string): AuditExportFile | string {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return '不是有效的 JSON 文件';
  }
  if (!isObj(o) || o.kind !== AUDIT_EXPORT_KIND) return '不是审计记录导出文件(含链证明)';
  if (o.version !== 1) return `不支持的文件版本: ${String(o.version)}`;
  if (!Array.isArray(o.selected) || !Array.isArray(o.segments)) return '文件缺少记录清单或链段';
  return o as unknown as AuditExportFile;
}

function subjectText(f: AuditExportFile): string {
  const s = f.subject as Record<string, unknown> | undefined;
  if (s?.type === 'case') return `案件 ${String(s.caseNo)}`;
  if (s?.type === 'user') return `人员 ${String(s.displayName)}(${String(s.username)})`;
  return '未知对象';
}

/**
 * Re-checks an export: each record's text against its hash, each link against the record before it, each
 * segment's end against its anchor, and every record the list names as exported is in the file. Names every
 * problem found (record #N content changed, link broken at #N, a record missing, anchor mismatch).
 */
export function verifyAuditExport(input: string | AuditExportFile): AuditExportVerdict {
  const f = typeof input === 'string' ? parseAuditExport(input) : input;
  const empty = { selected: 0, checked: 0, withheld: 0, anchors: [], subject: '' };
  if (typeof f === 'string') return { ok: false, summary: `校验未通过:${f}`, problems: [{ kind: 'format', seq: null, message: f }], ...empty };
  const problems: AuditExportProblem[] = [];
  const add = (kind: AuditExportProblemKind, seq: number | null, message: string) => problems.push({ kind, seq, message });
  let checked = 0;
  let withheld = 0;
  const seen = new Set<number>();
  const anchors: AuditExportVerdict['anchors'] = [];

  for (const [si, seg] of f.segments.entries()) {
    if (!isObj(seg) || !Array.isArray(seg.records) || !isObj(seg.anchor)) {
      add('format', null, `第 ${si + 1} 段链证明格式不完整`);
      continue;
    }
    const a = seg.anchor;
    anchors.push({ key: String(a.key), lastId: a.lastId, hash: String(a.hash), at: String(a.at), store: String(a.store) });
    // the anchor's fields must be those of its stored text (the copy the outside party may compare)
    let stored: Record<string, unknown> | null = null;
    try {
      const p = JSON.parse(String(a.text));
      if (isObj(p)) stored = p;
    } catch {
      stored = null;
    }
    if (!stored || stored.lastId !== a.lastId || stored.hash !== a.hash) {
      add('anchor_mismatch', a.lastId, `链锚点 ${a.key} 的记载(#${a.lastId} ${short(String(a.hash))})与其存储原文不符`);
    }
    let prev: AuditExportRecord | null = null;
    for (const r of seg.records) {
      if (!isObj(r) || !Number.isSafeInteger(r.seq) || typeof r.hash !== 'string' || typeof r.prevHash !== 'string' || !HASH.test(r.hash) || !HASH.test(r.prevHash)) {
        add('format', null, `第 ${si + 1} 段中有一条记录缺少序号或哈希`);
        prev = null;
        continue;
      }
      // positions only grow: a transaction rolled back leaves a position unused, so a gap alone proves nothing;
      // a record deleted shows as its successor's link to a hash that is not the one before it
      if (prev && r.seq <= prev.seq) {
        add('format', r.seq, `链段中记录 #${r.seq} 排在 #${prev.seq} 之后,顺序被打乱`);
      } else if (prev && r.prevHash !== prev.hash) {
        add(
          'link_broken',
          r.seq,
          `链接在 #${r.seq} 处断开:其前序哈希 ${short(r.prevHash)} 不是上一条记录 #${prev.seq} 的哈希 ${short(prev.hash)}(其间的记录被删除,或上一条被改动后重算了哈希)`,
        );
      }
      if (r.record === null) {
        withheld++;
      } else if (!isObj(r.record)) {
        add('format', r.seq, `记录 #${r.seq} 缺少内容`);
      } else {
        checked++;
        if (auditChainHash(r.prevHash, r.record as unknown as AuditFields) !== r.hash) {
          add('content_changed', r.seq, `记录 #${r.seq} 的内容被改动:按其内容重算的哈希与记载的哈希 ${short(r.hash)} 不符`);
        }
      }
      if (r.selected) seen.add(r.seq);
      prev = r;
    }
    if (seg.records.length === 0) add('format', null, `第 ${si + 1} 段链证明没有记录`);
    else if (prev && (prev.seq !== a.lastId || prev.hash !== a.hash)) {
      add('anchor_mismatch', a.lastId, `链段末尾 #${prev.seq}(${short(prev.hash)})与 ${chinaTime(String(a.at))} 的链锚点(#${a.lastId},${short(String(a.hash))})不符`);
    }
  }
  const listed = new Set<number>();
  for (const seq of f.selected) {
    listed.add(seq);
    if (!seen.has(seq)) add('record_missing', seq, `清单中的记录 #${seq} 不在文件中(记录被删除)`);
  }
  for (const seq of seen) if (!listed.has(seq)) add('format', seq, `记录 #${seq} 标为导出记录,但不在清单中`);
  if (f.segments.length === 0 && f.selected.length > 0) add('format', null, '文件没有链证明');

  problems.sort((x, y) => (x.seq ?? 0) - (y.seq ?? 0));
  const subject = subjectText(f);
  const base = { selected: f.selected.length, checked, withheld, anchors, subject };
  if (problems.length) {
    return { ok: false, summary: `校验未通过(${subject}):${problems[0].message}${problems.length > 1 ? `;另有 ${problems.length - 1} 处问题` : ''}`, problems, ...base };
  }
  const last = anchors.at(-1);
  const tail = last ? `,链至 ${chinaTime(last.at)} 写入的链锚点 #${last.lastId}(${last.store}:${last.key})` : '';
  const held = withheld ? `;${withheld} 条记录未随文件提供内容,按其记载的哈希衔接` : '';
  return {
    ok: true,
    summary: `校验通过(${subject}):${f.selected.length} 条导出记录未被改动、删除,重算 ${checked} 条记录的哈希${tail}${held}`,
    problems,
    ...base,
  };
}
