import { createHash, randomUUID } from 'node:crypto';
import type { Database } from '../../db/database.js';
import { inJurisdiction, type Actor } from '../../platform/auth.js';
import type { BlobStore } from '../../platform/blobs.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import type { PhotoBytes } from '../../platform/upload.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CasesService } from '../cases/cases.service.js';
import { STATUS_LABELS, type CaseStatus } from '../cases/cases.enums.js';
import type { PhotoContext, PreparedPhoto } from '../photos/photos.service.js';
import type { PhotosService } from '../photos/photos.service.js';
import { readPolygonFile } from '../setup/boundary.read.js';
import {
  codeFieldOf,
  DEFAULT_MATCH_METERS,
  IMPORT_ROLES,
  KNOWN_CASE_MAX_METERS,
  PATCH_SOURCE_LABELS,
  PATCH_SOURCES,
  patchCode,
  positionalCode,
  REVIEW_ROLES,
  VERDICT_LABELS,
  VERDICT_ROLES,
  verdictProblem,
  type PatchSource,
  type PatchStatus,
  type Verdict,
} from './patch.rules.js';
import { presentBatch, presentPatch, presentPatchPhoto } from './patches.presenter.js';
import type { PatchesRepo, PatchListFilter } from './patches.repo.js';

export interface BatchInput {
  filename: string;
  bytes: Uint8Array;
  batchNo: string;
  source: string;
  detectedOn: string;
  dueOn: string;
  crs?: string | null;
  encoding?: string | null;
  codeField?: string | null;
  matchMeters?: number | null;
  note?: string | null;
}

export interface PatchFate {
  n: number;
  code: string | null;
  /** task: a field check for its town; matched: 已掌握 (a case is there), to confirm; skipped: outside the county or your jurisdiction; refused: cannot be used */
  fate: 'task' | 'matched' | 'skipped' | 'refused';
  reason: string | null;
  /** ST_IsValidReason of a geometry that was repaired with ST_MakeValid. */
  repaired: string | null;
  areaM2: number | null;
  lon: number | null;
  lat: number | null;
  townCode: string | null;
  townName: string | null;
  villageCode: string | null;
  villageName: string | null;
  match: { caseId: string; caseNo: string; caseStatus: string; distanceM: number; overlapM2: number } | null;
}

export interface ImportReport {
  applied: boolean;
  blocked: boolean;
  /** The same file was imported before (as this batch): nothing is written again. */
  alreadyImported: { batchId: string; batchNo: string; importedAt: Date } | null;
  batchId: string | null;
  batchNo: string;
  source: string;
  detectedOn: string;
  dueOn: string;
  matchMeters: number;
  file: { name: string; sha256: string; format: string | null; crs: { id: string; label: string; from: string } | null; encoding: string | null; codeField: string | null };
  problems: string[];
  counts: { features: number; tasks: number; matched: number; skipped: number; refused: number; repaired: number };
  features: PatchFate[];
}

class Rollback extends Error {}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (s: string) => DAY.test(s) && !Number.isNaN(new Date(`${s}T00:00:00Z`).getTime()) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/**
 * Change patches (变化图斑): a batch imported from a polygon file (dry run first, one transaction, once per file),
 * each patch matched to the registry or made a field task for its town; the inspector's verdict with photos, the
 * town's review, and the figures per batch (on time, late, outstanding).
 */
export function patchesService(deps: { db: Database; clock: Clock; blobs: BlobStore; repo: PatchesRepo; cases: CasesService; photos: PhotosService; audit: AuditService }) {
  const { db, clock, repo, audit } = deps;

  async function loadPatch(actor: Actor, id: string, geometry = false) {
    const p = await repo.byId(id, geometry);
    if (!p || !inJurisdiction(actor, p.division_path)) throw notFound('图斑', 'patch.not_found');
    return p;
  }

  async function runImport(actor: Actor, input: BatchInput, apply: boolean): Promise<ImportReport> {
    if (!IMPORT_ROLES.has(actor.role)) throw forbidden('patch.import_forbidden', '只有市三改一拆办或系统管理员可以导入图斑批次');
    const batchNo = input.batchNo.trim();
    if (!batchNo || batchNo.length > 60) throw badRequest('validation_failed', '批次号须为 1–60 个字符', [{ field: 'batchNo', message: 'required, at most 60 characters' }]);
    if (!(PATCH_SOURCES as readonly string[]).includes(input.source))
      throw badRequest('validation_failed', '来源须为 satellite(卫片)或 drone(无人机)', [{ field: 'source', message: 'satellite | drone' }]);
    for (const k of ['detectedOn', 'dueOn'] as const)
      if (!validDay(input[k])) throw badRequest('validation_failed', `${k} 须为日期(YYYY-MM-DD)`, [{ field: k, message: 'YYYY-MM-DD' }]);
    if (input.dueOn < input.detectedOn) throw badRequest('validation_failed', '核查期限不能早于发现日期', [{ field: 'dueOn', message: 'not before detectedOn' }]);
    const matchMeters = input.matchMeters ?? DEFAULT_MATCH_METERS;
    const sha256 = createHash('sha256').update(input.bytes).digest('hex');
    const report: ImportReport = {
      applied: false,
      blocked: false,
      alreadyImported: null,
      batchId: null,
      batchNo,
      source: input.source,
      detectedOn: input.detectedOn,
      dueOn: input.dueOn,
      matchMeters,
      file: { name: input.filename, sha256, format: null, crs: null, encoding: null, codeField: null },
      problems: [],
      counts: { features: 0, tasks: 0, matched: 0, skipped: 0, refused: 0, repaired: 0 },
      features: [],
    };
    // the same file again: the batch it made is named, nothing is read or written
    const same = await repo.batchByHash(sha256);
    if (same) {
      report.alreadyImported = { batchId: same.id, batchNo: same.batch_no, importedAt: same.imported_at };
      report.batchId = same.id;
      return report;
    }
    if (await repo.batchByNo(batchNo)) {
      report.problems.push(`批次号“${batchNo}”已导入过另一个文件:同一批次只导入一次,更正后的文件请用新的批次号`);
      report.blocked = true;
      return report;
    }
    const file = await readPolygonFile(input.filename, input.bytes, { crs: input.crs, encoding: input.encoding, declaredIn: 'dialog' });
    report.file.format = file.format;
    report.file.crs = file.problem ? null : file.crs;
    report.file.encoding = file.encoding;
    if (file.problem) {
      report.problems.push(file.problem);
      report.blocked = true;
      return report;
    }
    const codeField = codeFieldOf(file.fields, input.codeField);
    if (input.codeField && !codeField) {
      report.problems.push(`文件中没有字段 ${input.codeField}(字段:${file.fields.join('、') || '无'})`);
      report.blocked = true;
      return report;
    }
    report.file.codeField = codeField;
    const fates = new Map<number, PatchFate>();
    const seen = new Map<string, number>();
    const usable: { n: number; code: string; geometry: unknown }[] = [];
    for (const f of file.features) {
      const code = codeField ? patchCode(f.properties[codeField]) : positionalCode(f.n);
      const fate: PatchFate = {
        n: f.n,
        code,
        fate: 'refused',
        reason: f.problem,
        repaired: null,
        areaM2: null,
        lon: null,
        lat: null,
        townCode: null,
        townName: null,
        villageCode: null,
        villageName: null,
        match: null,
      };
      fates.set(f.n, fate);
      if (!code) fate.reason = `${codeField} 为空:每个图斑须有编号`;
      else if (seen.has(code)) fate.reason = `图斑编号 ${code} 与第 ${seen.get(code)} 个要素重复`;
      if (fate.reason) continue;
      seen.set(code!, f.n);
      usable.push({ n: f.n, code: code!, geometry: f.geometry });
    }
    try {
      await db.transaction(async () => {
        await repo.createStage();
        const staged = usable.length ? await repo.stage(usable, matchMeters) : [];
        const rows: Parameters<PatchesRepo['insertPatches']>[1] = [];
        for (const s of staged) {
          const fate = fates.get(s.n)!;
          if (!s.valid) fate.repaired = s.reason;
          if (s.empty || s.area_m2 < 0.01) {
            fate.reason = `几何无效(${s.reason ?? '面积为零'}),修复后不剩任何面`;
            continue;
          }
          fate.areaM2 = Math.round(s.area_m2 * 100) / 100;
          fate.lon = s.lon;
          fate.lat = s.lat;
          if (!s.village_code || !s.path) {
            fate.fate = 'skipped';
            fate.reason = `不在本县(市)任何村(社区)范围内(位置 ${s.lon?.toFixed(5)}, ${s.lat?.toFixed(5)})`;
            continue;
          }
          Object.assign(fate, { townCode: s.town_code, townName: s.town_name, villageCode: s.village_code, villageName: s.village_name });
          if (!inJurisdiction(actor, s.path)) {
            fate.fate = 'skipped';
            fate.reason = `位于 ${s.town_name}${s.village_name},不在您的辖区内`;
            continue;
          }
          fate.reason = null;
          if (s.case_id) {
            fate.fate = 'matched';
            fate.match = {
              caseId: s.case_id,
              caseNo: s.case_no!,
              caseStatus: s.case_status!,
              distanceM: Math.round(s.distance_m! * 10) / 10,
              overlapM2: Math.round(s.overlap_m2! * 100) / 100,
            };
          } else fate.fate = 'task';
          const props = file.features[s.n - 1].properties;
          rows.push({ id: randomUUID(), n: s.n, attrs: props, caseId: s.case_id, distanceM: s.distance_m, overlapM2: s.overlap_m2 });
        }
        report.features = [...fates.values()];
        for (const f of report.features) {
          if (f.fate === 'task') report.counts.tasks++;
          else if (f.fate === 'matched') report.counts.matched++;
          else if (f.fate === 'skipped') report.counts.skipped++;
          else report.counts.refused++;
          if (f.repaired && f.fate !== 'refused') report.counts.repaired++;
        }
        report.counts.features = report.features.length;
        if (report.counts.refused) {
          report.problems.push(`${report.counts.refused} 个图斑无法导入(见各要素的原因):整批未导入,请更正文件后重新导入`);
          report.blocked = true;
        }
        if (!rows.length && !report.blocked) {
          report.problems.push('文件中没有位于您辖区内的图斑');
          report.blocked = true;
        }
        if (!apply || report.blocked) throw new Rollback();
        const batchId = randomUUID();
        const now = clock.now();
        await repo.insertBatch({
          id: batchId,
          batch_no: batchNo,
          source: input.source,
          detected_on: input.detectedOn,
          due_on: input.dueOn,
          file_name: input.filename.slice(0, 200),
          file_sha256: sha256,
          file_format: file.format,
          crs: file.crs.id,
          patch_count: rows.length,
          matched_count: report.counts.matched,
          match_meters: matchMeters,
          note: input.note?.trim() || null,
          imported_by: actor.id,
          imported_at: now,
        });
        await repo.insertPatches(batchId, rows, now);
        await audit.append(actor, {
          action: 'patches.import',
          entity: 'patch_batch',
          entityId: batchId,
          after: {
            batchNo,
            source: input.source,
            detectedOn: input.detectedOn,
            dueOn: input.dueOn,
            file: input.filename,
            sha256,
            crs: file.crs.id,
            patches: rows.length,
            matched: report.counts.matched,
            skipped: report.counts.skipped,
            repaired: report.counts.repaired,
          },
        });
        report.batchId = batchId;
      });
      report.applied = true;
    } catch (e) {
      if (!(e instanceof Rollback)) {
        // two imports of the same file at once: the unique hash decides, the second is told it was imported
        if ((e as { code?: string }).code === '23505') {
          const again = await repo.batchByHash(sha256);
          if (again) {
            report.alreadyImported = { batchId: again.id, batchNo: again.batch_no, importedAt: again.imported_at };
            report.batchId = again.id;
            report.applied = false;
            return report;
          }
          throw conflict('patch.batch_exists', `批次号“${batchNo}”已存在`);
        }
        throw e;
      }
    }
    return report;
  }

  /**
   * The patch as it stands when the verdict sent under `clientId` has already landed on it (a resend), else null.
   * A clientId that landed on another patch is not this verdict's: refused.
   */
  async function resent(id: string, clientId: string | null) {
    if (!clientId) return null;
    const landed = await repo.byVerdictClientId(clientId);
    if (!landed) return null;
    if (landed.id !== id) throw conflict('patch.client_id_taken', '该核查结论编号(clientId)已用于另一个图斑');
    return presentPatch((await repo.byId(id))!, clock.now());
  }

  /** The photo pipeline's context for a patch's photos: its point, its place, its code printed on the watermark. */
  function photoContext(p: { lon: number; lat: number; town_name: string; village_name: string; code: string }, hint: PhotoHint): PhotoContext {
    const capturedAt = hint.capturedAt ? new Date(hint.capturedAt) : null;
    return {
      fix: hint.lon !== undefined && hint.lat !== undefined ? [hint.lon, hint.lat] : null,
      accuracyM: hint.accuracy ?? null,
      capturedAt: capturedAt && !Number.isNaN(capturedAt.getTime()) ? capturedAt : null,
      casePoint: [p.lon, p.lat],
      placeText: `${p.town_name} ${p.village_name}`,
      caseNo: `图斑 ${p.code}`,
    };
  }

  return {
    preview: (actor: Actor, input: BatchInput) => runImport(actor, input, false),
    importBatch: (actor: Actor, input: BatchInput) => runImport(actor, input, true),

    async batches(actor: Actor) {
      return { items: (await repo.batches(actor.divisionPath, clock.now())).map(presentBatch) };
    },
    async batch(actor: Actor, id: string) {
      const now = clock.now();
      const row = (await repo.batches(actor.divisionPath, now)).find((b) => b.id === id);
      if (!row) throw notFound('图斑批次', 'patch.batch_not_found');
      const towns = await repo.townFigures(id, actor.divisionPath, now);
      return {
        ...presentBatch(row),
        towns: towns.map((t) => ({ townCode: t.town_code, townName: t.town_name, ...presentBatch({ ...row, ...t }).figures })),
      };
    },
    async list(actor: Actor, q: { batchId?: string; status?: PatchStatus[]; verdict?: Verdict[]; town?: string; limit: number; offset: number }) {
      const f: PatchListFilter = { scopePath: actor.divisionPath, batchId: q.batchId, status: q.status, verdict: q.verdict, townCode: q.town };
      const { rows, total } = await repo.list(f, q.limit, q.offset);
      return { total, items: rows.map((r) => presentPatch(r, clock.now())) };
    },
    async one(actor: Actor, id: string) {
      const p = await loadPatch(actor, id, true);
      const photos = await repo.photos(id);
      return { ...presentPatch(p, clock.now()), geometry: JSON.parse(p.geom!) as { type: string; coordinates: unknown }, photos: photos.map(presentPatchPhoto) };
    },
    /** Pending patches around a point in the actor's jurisdiction (the patrol app), nearest first, with their polygons. */
    async near(actor: Actor, lon: number, lat: number, meters: number, limit: number) {
      const rows = await repo.near(actor.divisionPath, lon, lat, meters, limit);
      return {
        items: rows.map((r) => ({
          ...presentPatch(r, clock.now()),
          distanceM: Math.round(r.distance_m ?? 0),
          geometry: JSON.parse(r.geom!) as { type: string; coordinates: unknown },
        })),
      };
    },
    /** The registered cases near a patch (the choice for 已掌握). */
    async nearbyCases(actor: Actor, id: string) {
      await loadPatch(actor, id);
      const rows = await repo.casesNear(id, KNOWN_CASE_MAX_METERS);
      return {
        items: rows
          .filter((c) => inJurisdiction(actor, c.division_path))
          .map((c) => ({ id: c.id, caseNo: c.case_no, status: c.status as CaseStatus, addressText: c.address_text, distanceM: Math.round(c.distance_m) })),
      };
    },

    /**
     * The field check's verdict (inspector or town officer) with its photos, through the photo pipeline (type and
     * pixel checks, watermark, thumbnail, EXIF). 违法建设 registers a new case on the patch (its polygon as the
     * footprint, the photos as its 'before' photos) and links it; 已掌握 links a case within 300 m; 合法 keeps
     * the proof; 未发现变化 the ground's photos. The patch then awaits the town's review.
     * With a `clientId` (the patrol app's outbox) it lands once: the same verdict sent again — its answer lost on a
     * weak signal, or two sends racing — is answered with the patch as it now stands and changes nothing.
     */
    async verdict(
      actor: Actor,
      id: string,
      input: { verdict: Verdict; note: string | null; caseId: string | null; version: number; clientId?: string | null },
      files: PhotoBytes[],
      hint: PhotoHint,
    ) {
      const p = await loadPatch(actor, id);
      if (!VERDICT_ROLES.has(actor.role)) throw forbidden('patch.verdict_forbidden', '只有巡查员或镇街专员可以填写核查结论');
      const clientId = input.clientId ?? null;
      const landed = await resent(id, clientId);
      if (landed) return landed;
      if (p.status !== 'pending') throw conflict('patch.not_pending', `该图斑${p.status === 'submitted' ? '已提交核查结论,待审核' : '已核查完毕'}`);
      if (p.version !== input.version) throw conflict('patch.stale', '该图斑已被他人更新,请刷新后重试');
      const problem = verdictProblem({ verdict: input.verdict, photos: files.length, note: input.note, caseId: input.caseId });
      if (problem) throw new AppError('patch.verdict_incomplete', 422, problem, { field: input.verdict === 'known' ? 'caseId' : files.length ? 'note' : 'photo' });
      if (input.verdict === 'known') {
        const near = await repo.casesNear(id, KNOWN_CASE_MAX_METERS);
        const c = near.find((x) => x.id === input.caseId);
        if (!c || !inJurisdiction(actor, c.division_path))
          throw new AppError('patch.case_not_near', 422, `所选案件不在图斑 ${KNOWN_CASE_MAX_METERS} 米范围内(或不在您的辖区)`, { field: 'caseId' });
      }
      const ctx = photoContext(p, hint);
      const prepared: PreparedPhoto[] = [];
      for (const b of files) prepared.push(await deps.photos.prepare(actor, b, ctx));
      const shape = await repo.shape(id);
      const record = () =>
        db.transaction(async () => {
          const now = clock.now();
          let caseId = input.verdict === 'known' ? input.caseId : null;
          if (input.verdict === 'violation') {
            const created = await deps.cases.create(actor, {
              lon: shape.lon,
              lat: shape.lat,
              source: p.source,
              origin: 'new',
              category: 'building',
              areaM2: Math.round(shape.area_m2 * 100) / 100,
              footprint: JSON.parse(shape.geom),
              note: `${PATCH_SOURCE_LABELS[p.source as PatchSource]}图斑 ${p.code}(批次 ${p.batch_no})实地核查认定为违法建设${input.note ? `:${input.note}` : ''}`,
            });
            caseId = created.case.id;
            await deps.photos.insertRows(actor, caseId, 'before', prepared);
          }
          const where = hint.lon !== undefined && hint.lat !== undefined ? { lon: hint.lon, lat: hint.lat } : null;
          await repo.insertPhotos(
            prepared.map((x) => {
              x.inserted = true;
              return {
                id: x.id,
                patch_id: id,
                sha256: x.facts.sha256,
                blob_key: x.keys.original,
                display_key: x.keys.display,
                thumb_key: x.keys.thumb,
                mime: x.facts.mime,
                bytes: x.upload.length,
                width: x.facts.width,
                height: x.facts.height,
                captured_at: x.capturedAt,
                lon: x.where?.[0] ?? null,
                lat: x.where?.[1] ?? null,
                kind: input.verdict === 'legal' ? 'proof' : 'photo',
                uploaded_by: actor.id,
                uploaded_at: now,
              };
            }),
          );
          const ok = await repo.setVerdict(id, input.version, {
            verdict: input.verdict,
            note: input.note,
            by: actor.id,
            at: now,
            lon: where?.lon ?? null,
            lat: where?.lat ?? null,
            caseId,
            clientId,
          });
          if (!ok) throw conflict('patch.stale', '该图斑已被他人更新,请刷新后重试');
          await audit.append(actor, {
            action: 'patch.verdict',
            entity: 'patch',
            entityId: id,
            before: { status: 'pending' },
            after: {
              status: 'submitted',
              code: p.code,
              batchNo: p.batch_no,
              verdict: input.verdict,
              note: input.note,
              caseId,
              photoIds: prepared.map((x) => x.id),
              ...(clientId ? { clientId } : {}),
            },
          });
          return presentPatch((await repo.byId(id))!, clock.now());
        });
      try {
        return await (prepared.length ? deps.photos.withBlobs(prepared, record) : record());
      } catch (e) {
        // two sends of one verdict at once: the one that lost the race (the patch moved on under it) is a resend
        const raced = (e instanceof AppError && e.code === 'patch.stale') || (e as { code?: string }).code === '23505';
        const again = raced ? await resent(id, clientId) : null;
        if (again) return again;
        throw e;
      }
    },

    /**
     * The town's review of a verdict (or of the import's match): approve (已核查) or send back to the field with a
     * reason. Sent back, the patch is a field task again (待核查) and what the verdict did is undone in the same
     * transaction: the case a 违法建设 verdict registered is withdrawn as a false report (不予立案, 误报: its
     * timeline and the audit say why), and a case a 已掌握 verdict or the import linked is unlinked, untouched. A
     * registered case the town has already taken up (核实立案 or beyond) is not undone behind its back: refused.
     */
    async review(actor: Actor, id: string, input: { action: 'approve' | 'return'; reason: string | null; version: number }) {
      const p = await loadPatch(actor, id);
      if (!REVIEW_ROLES.has(actor.role)) throw forbidden('patch.review_forbidden', '只有镇街专员或市三改一拆办可以审核核查结论');
      if (p.status !== 'submitted') throw conflict('patch.not_submitted', p.status === 'pending' ? '该图斑尚未提交核查结论' : '该图斑已审核');
      if (p.version !== input.version) throw conflict('patch.stale', '该图斑已被他人更新,请刷新后重试');
      const reason = input.reason?.trim() || null;
      if (input.action === 'return' && !reason) throw badRequest('patch.reason_required', '退回须说明原因', { field: 'reason' });
      // separation of duties: the one who gave the verdict does not approve it
      if (input.action === 'approve' && p.verdict_by === actor.id) throw forbidden('patch.self_review', '不能审核自己填写的核查结论,请由其他人员审核');
      // the case this verdict registered (违法建设), to withdraw if the verdict goes back
      const registered = input.action === 'return' && p.verdict === 'violation' && p.case_id ? p.case_id : null;
      if (registered && p.case_status !== 'reported' && p.case_status !== 'rejected')
        throw conflict(
          'patch.case_taken_up',
          `该核查结论登记的案件 ${p.case_no} 已进入处置(当前状态:${STATUS_LABELS[p.case_status as CaseStatus] ?? p.case_status}),不能再退回核查结论`,
          {
            caseId: p.case_id,
            caseNo: p.case_no,
            caseStatus: p.case_status,
          },
        );
      return db.transaction(async () => {
        const now = clock.now();
        let caseOutcome: { caseId: string; caseNo: string | null; outcome: 'withdrawn' | 'already_rejected' | 'unlinked' } | null = null;
        if (registered) {
          if (p.case_status === 'reported') {
            // 不予立案 with the reason: the case's timeline and the audit record say it was the patch's verdict that went back
            await deps.cases.act(actor, registered, 'reject', null, {
              reason: `误报:图斑 ${p.code}(批次 ${p.batch_no})的核查结论“违法建设”被退回重新核查,该结论登记的案件撤销。退回原因:${reason}`,
            });
            caseOutcome = { caseId: registered, caseNo: p.case_no, outcome: 'withdrawn' };
          } else caseOutcome = { caseId: registered, caseNo: p.case_no, outcome: 'already_rejected' };
        } else if (input.action === 'return' && p.case_id) caseOutcome = { caseId: p.case_id, caseNo: p.case_no, outcome: 'unlinked' };
        const ok = await repo.review(id, input.version, { approve: input.action === 'approve', by: actor.id, at: now, reason });
        if (!ok) throw conflict('patch.stale', '该图斑已被他人更新,请刷新后重试');
        await audit.append(actor, {
          action: input.action === 'approve' ? 'patch.approve' : 'patch.return',
          entity: 'patch',
          entityId: id,
          before: { status: 'submitted', verdict: p.verdict, caseId: p.case_id },
          after: {
            status: input.action === 'approve' ? 'verified' : 'pending',
            code: p.code,
            batchNo: p.batch_no,
            reason,
            ...(caseOutcome ? { case: caseOutcome } : {}),
          },
        });
        return presentPatch((await repo.byId(id))!, clock.now());
      });
    },

    /** The bytes of a patch photo's variant, after the patch's jurisdiction check. */
    async openPhoto(actor: Actor, photoId: string, variant: 'original' | 'display' | 'thumbnail') {
      const f = await repo.photo(photoId);
      if (!f || !inJurisdiction(actor, f.division_path)) throw notFound('照片', 'photo.not_found');
      const key = variant === 'original' ? f.blob_key : variant === 'display' ? f.display_key : f.thumb_key;
      return { key, mime: variant === 'original' ? f.mime : 'image/jpeg', stream: () => deps.blobs.stream(key) };
    },
    verdictLabel: (v: Verdict) => VERDICT_LABELS[v],
  };
}

export interface PhotoHint {
  lon?: number;
  lat?: number;
  accuracy?: number;
  capturedAt?: string;
}
export type PatchesService = ReturnType<typeof patchesService>;
