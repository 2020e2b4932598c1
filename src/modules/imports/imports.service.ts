import { createHash, randomUUID } from 'node:crypto';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import type { BlobStore } from '../../platform/blobs.js';
import type { JobQueue } from '../../platform/jobs.js';
import { inJurisdiction, isMasked, maskIdNumber, maskPhone, type Actor } from '../../platform/auth.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CasesService } from '../cases/cases.service.js';
import type { UsersRepo } from '../users/users.repo.js';
import { parseRow, type RowProblem } from './imports.columns.js';
import { errorsWorkbook, MAX_FILE_BYTES, readLedger, templateWorkbook } from './imports.xlsx.js';
import type { ImportRow, ImportsRepo } from './imports.repo.js';

/** Who may upload a ledger: the offices that register cases (a town officer only inside his town). */
const UPLOADERS = new Set(['city_office', 'town_officer']);
/** Who may see imports (inside their jurisdiction): the uploaders, the admin and discipline inspection. */
const VIEWERS = new Set(['city_office', 'town_officer', 'admin', 'supervisor']);
/** How many rejected rows GET /api/imports/{id} lists (the error workbook has them all). */
export const ERRORS_SHOWN = 100;
/** Progress is written after this many rows. */
const PROGRESS_EVERY = 25;
/**
 * One job run handles at most this many rows, then queues the rest as a new job: the worker in between
 * runs what waits behind it (thumbnails, the new cases' duplicate scoring) instead of waiting minutes.
 */
export const CHUNK_ROWS = 1000;

const chinaToday = (now: Date) => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const reasonsText = (r: RowProblem[]) => r.map((p) => p.message).join(';');

/** A masked ID number or phone (as the error workbook writes them) is not a number to store: the row is refused. */
function maskedProblems(input: { ownerIdNumber?: string | null; ownerPhone?: string | null }): RowProblem[] {
  const out: RowProblem[] = [];
  if (isMasked(input.ownerIdNumber)) out.push({ column: '身份证号', message: '身份证号为脱敏显示的号码(含 *),请填写完整号码' });
  if (isMasked(input.ownerPhone)) out.push({ column: '联系电话', message: '联系电话为脱敏显示的号码(含 *),请填写完整号码' });
  return out;
}

/** A database refusal that is about the row's data (value out of range, constraint), not about the database being away. */
function isDataError(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}

/**
 * 存量普查导入: an Excel ledger of stock cases is checked when it arrives, kept in the blob store, and turned
 * into cases by a job through the case service (same case numbers, places, history and audit as any case).
 * Each row's outcome is recorded with its case in one transaction, so a retried job skips what it did.
 */
export function importsService(deps: {
  db: Database;
  clock: Clock;
  blobs: BlobStore;
  jobs: JobQueue;
  repo: ImportsRepo;
  usersRepo: UsersRepo;
  cases: CasesService;
  audit: AuditService;
}) {
  const { db, clock, blobs, jobs, repo, cases, audit } = deps;

  function present(i: ImportRow) {
    return {
      id: i.id,
      filename: i.filename,
      fileSize: i.file_size,
      status: i.status,
      totalRows: i.total_rows,
      rowsDone: i.rows_done,
      createdCount: i.created_count,
      rejectedCount: i.rejected_count,
      progress: i.total_rows ? Math.min(1, i.rows_done / i.total_rows) : 0,
      error: i.error,
      requestedBy: { id: i.requested_by, name: i.requested_by_name },
      divisionCode: i.division_code,
      divisionName: i.division_name,
      createdAt: i.created_at,
      startedAt: i.started_at,
      finishedAt: i.finished_at,
      /** The command centre's list of the cases this import made. */
      casesLink: `/cases?importId=${i.id}`,
    };
  }

  function mayView(actor: Actor) {
    if (!VIEWERS.has(actor.role)) throw forbidden('import.forbidden', '当前角色不能查看普查导入');
  }

  /** An import the actor may see; one uploaded outside the jurisdiction is "not found". */
  async function load(actor: Actor, id: string) {
    mayView(actor);
    const i = await repo.byId(id);
    if (!i || !inJurisdiction(actor, i.division_path)) throw notFound('导入记录', 'import.not_found');
    return i;
  }

  /** The uploader, as the actor the job creates cases for (his role and jurisdiction as they are now). */
  async function uploader(userId: string): Promise<Actor> {
    const u = await deps.usersRepo.byId(userId);
    if (!u || !u.active) throw new AppError('import.uploader_inactive', 409, '上传人账号已停用,导入未执行');
    return { id: u.id, username: u.username, displayName: u.display_name, role: u.role, divisionCode: u.division_code, divisionPath: u.division_path, department: u.department };
  }

  return {
    template: () => templateWorkbook(),

    /** Checks the file's shape, keeps it, records the import and queues its job. */
    async upload(actor: Actor, file: { filename: string; data: Buffer }) {
      if (!UPLOADERS.has(actor.role)) throw forbidden('import.upload_forbidden', '只有市三改一拆办和镇街专员可以导入普查台账');
      if (file.data.length > MAX_FILE_BYTES) throw new AppError('import.file_too_large', 413, `文件过大(最大 ${MAX_FILE_BYTES / 1024 / 1024} MB)`);
      const ledger = await readLedger(file.data);
      const sha256 = createHash('sha256').update(file.data).digest('hex');
      const key = `imports/${sha256.slice(0, 2)}/${sha256}.xlsx`;
      await blobs.put(key, file.data);
      const id = randomUUID();
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what a file name must not keep
      const filename = (file.filename || 'import.xlsx').replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200);
      await db.transaction(async () => {
        await repo.insert({
          id,
          filename,
          file_key: key,
          file_sha256: sha256,
          file_size: file.data.length,
          status: 'queued',
          total_rows: ledger.rows.length,
          error: null,
          requested_by: actor.id,
          division_code: actor.divisionCode,
          division_path: actor.divisionPath,
          created_at: clock.now(),
        });
        await jobs.enqueue('cases.import', { importId: id });
        await audit.append(actor, {
          action: 'import.create',
          entity: 'case_import',
          entityId: id,
          after: { filename, sha256, size: file.data.length, sheet: ledger.sheetName, rows: ledger.rows.length, ignoredColumns: ledger.unknownHeaders },
        });
      });
      jobs.nudge();
      return { id, status: 'queued' as const, totalRows: ledger.rows.length, ignoredColumns: ledger.unknownHeaders };
    },

    async list(actor: Actor, limit: number) {
      mayView(actor);
      return { items: (await repo.list(actor.divisionPath, limit)).map(present) };
    },

    async get(actor: Actor, id: string) {
      const i = await load(actor, id);
      const rejected = await repo.rejectedRows(id, ERRORS_SHOWN);
      return { ...present(i), errors: rejected.map((r) => ({ row: r.row_no, reasons: (r.reasons ?? []).map((p) => p.message) })) };
    },

    /** The rejected rows as a workbook to fix and upload again. */
    async errorsFile(actor: Actor, id: string) {
      const i = await load(actor, id);
      const rows = await repo.rejectedRows(id, 1_000_000);
      // owners' ID numbers and phones masked for every role, as in every other export (the uploader keeps his
      // ledger; a masked number uploaded again is refused, never stored)
      const raw = (r: Record<string, string>) => ({ ...r, ownerIdNumber: maskIdNumber(r.ownerIdNumber || null) ?? '', ownerPhone: maskPhone(r.ownerPhone || null) ?? '' });
      const buffer = await errorsWorkbook(rows.map((r) => ({ rowNo: r.row_no, reasons: reasonsText(r.reasons ?? []), raw: raw(r.raw) })));
      await audit.append(actor, { action: 'import.errors_export', entity: 'case_import', entityId: id, after: { format: 'xlsx', count: rows.length, personalData: 'masked' } });
      const base = i.filename.replace(/\.xlsx$/i, '');
      return { filename: `${base}-错误行.xlsx`, buffer };
    },

    /**
     * Job: creates the cases of an import, `chunkRows` rows per run (the rest goes on as a new job).
     * Resumable: rows already handled (made a case or were rejected) are skipped, so a retry after a crash
     * creates no case twice.
     */
    async execute(importId: string, opts: { chunkRows?: number } = {}) {
      const chunk = opts.chunkRows ?? CHUNK_ROWS;
      const imp = await repo.byId(importId);
      if (!imp || imp.status === 'done') return;
      await repo.setStatus(importId, { status: 'running', started_at: imp.started_at ?? clock.now(), error: null, finished_at: null });
      try {
        const actor = await uploader(imp.requested_by);
        const ledger = await readLedger(await blobs.get(imp.file_key));
        const handled = await repo.handledRows(importId);
        const today = chinaToday(clock.now());
        let sinceProgress = 0;
        let ran = 0;
        for (const { rowNo, cells } of ledger.rows) {
          if (handled.has(rowNo)) continue;
          if (ran++ >= chunk) {
            // the rest in a job of its own, queued behind what this chunk queued
            await repo.refreshProgress(importId);
            await jobs.enqueue('cases.import', { importId });
            jobs.nudge();
            return;
          }
          const parsed = parseRow(cells, today);
          let problems = parsed.input ? maskedProblems(parsed.input) : parsed.problems;
          const input = problems.length ? null : parsed.input;
          if (input) {
            try {
              await cases.create(actor, input, {
                within: async (c) => {
                  await repo.linkCase(c.id, importId);
                  // the row's cells live on in the case; only a rejected row keeps them here
                  await repo.insertRow({ import_id: importId, row_no: rowNo, case_id: c.id, reasons: null, raw: '{}' });
                },
              });
            } catch (e) {
              if (e instanceof AppError) problems = [{ column: null, message: e.message }];
              else if (isDataError(e)) problems = [{ column: null, message: `数据无法保存:${(e as Error).message.slice(0, 200)}` }];
              else throw e;
            }
          }
          if (problems.length) await repo.insertRejected({ import_id: importId, row_no: rowNo, case_id: null, reasons: JSON.stringify(problems), raw: JSON.stringify(parsed.raw) });
          if (++sinceProgress >= PROGRESS_EVERY) {
            sinceProgress = 0;
            await repo.refreshProgress(importId);
          }
        }
        await db.transaction(async () => {
          await repo.refreshProgress(importId);
          await repo.setStatus(importId, { status: 'done', finished_at: clock.now(), error: null });
          const done = (await repo.byId(importId))!;
          await audit.append(actor, {
            action: 'import.finish',
            entity: 'case_import',
            entityId: importId,
            after: { rows: done.total_rows, created: done.created_count, rejected: done.rejected_count },
          });
        });
        // the duplicate scoring jobs the new cases queued
        jobs.nudge();
      } catch (err) {
        await repo.refreshProgress(importId);
        await repo.setStatus(importId, { status: 'failed', finished_at: clock.now(), error: err instanceof Error ? err.message.slice(0, 2000) : String(err) });
        throw err;
      }
    },
  };
}
export type ImportsService = ReturnType<typeof importsService>;
