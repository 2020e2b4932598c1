import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { inJurisdiction, maskIdNumber, maskPhone, seesPersonalData, type Actor } from '../../platform/auth.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { canonicalJson } from '../audit/audit.chain.js';
import type { JobQueue } from '../../platform/jobs.js';
import type { DivisionsService } from '../divisions/divisions.service.js';
import { availableActions, decide, type ActionInput, type CaseAction, type WorkflowPolicy, DEFAULT_POLICY } from './case.workflow.js';
import type { CaseStatus, DisposalClass } from './cases.enums.js';
import type { CaseFilter, CaseSort, CasesRepo } from './cases.repo.js';
import type { CaseFilterInput } from './cases.filter.js';
import { gcj02ToWgs84, validLonLat } from './geo.js';
import { DUPLICATE_RADIUS_M, DUPLICATE_THRESHOLD, duplicateScore, minHamming } from './case.duplicates.js';
import { DEFAULT_RULES, suggestDisposal } from './case.rules.js';
import type { WorkTime } from '../supervision/supervision.service.js';
import type { Notifier } from '../../platform/notify.js';

/** The facts the disposal rules look at, from a case row. */
function ruleFacts(c: CaseRow) {
  return {
    ownerKind: c.owner_kind,
    onBasicFarmland: c.on_basic_farmland,
    onCultivatedLand: c.on_cultivated_land,
    safetyRisk: c.safety_risk,
    landType: c.land_type,
    use: c.use,
    structure: c.structure,
    areaM2: c.area_m2 === null ? null : Number(c.area_m2),
    origin: c.origin,
    enterpriseName: c.enterprise_name,
  };
}

/** The largest radius `nearby` answers (a wider search is not a duplicate check). */
export const MAX_NEARBY_RADIUS_M = 500;

/** Registry facts a person can set when creating or editing a case (一户一档). */
export interface CaseFields {
  origin?: 'stock' | 'new';
  category?: string;
  areaM2?: number | null;
  floors?: number | null;
  structure?: string | null;
  use?: string | null;
  landType?: string | null;
  onCultivatedLand?: boolean;
  onBasicFarmland?: boolean;
  ownerKind?: string | null;
  ownerName?: string | null;
  ownerIdNumber?: string | null;
  ownerPhone?: string | null;
  enterpriseName?: string | null;
  enterpriseUscc?: string | null;
  addressGroup?: string | null;
  addressHouseNo?: string | null;
  safetyRisk?: string;
  note?: string | null;
  footprint?: unknown | null;
}

export interface NewCase extends CaseFields {
  lon: number;
  lat: number;
  crs?: 'wgs84' | 'gcj02';
  source: string;
  foundAt?: string | Date;
  clientId?: string;
  externalRefs?: { system: string; externalId: string }[];
}

const FIELD_COLUMNS: Record<Exclude<keyof CaseFields, 'footprint'>, string> = {
  origin: 'origin',
  category: 'category',
  areaM2: 'area_m2',
  floors: 'floors',
  structure: 'structure',
  use: 'use',
  landType: 'land_type',
  onCultivatedLand: 'on_cultivated_land',
  onBasicFarmland: 'on_basic_farmland',
  ownerKind: 'owner_kind',
  ownerName: 'owner_name',
  ownerIdNumber: 'owner_id_number',
  ownerPhone: 'owner_phone',
  enterpriseName: 'enterprise_name',
  enterpriseUscc: 'enterprise_uscc',
  addressGroup: 'address_group',
  addressHouseNo: 'address_house_no',
  safetyRisk: 'safety_risk',
  note: 'note',
};

const REPORTERS = new Set(['inspector', 'town_officer', 'city_office', 'department']);
const EDITORS = new Set(['town_officer', 'city_office']);
/** Who a case can be assigned to (批量分派): field staff and town officers. */
const ASSIGNEE_ROLES = new Set(['inspector', 'town_officer']);
export type BulkAction = CaseAction | 'assign' | 'set_deadline';
export type BulkInput = ActionInput & { assigneeId?: string; department?: string; title?: string };
/** Stock ledgers and higher-level systems bring cases that are already established facts. */
const PRE_VERIFIED_SOURCES = new Set(['census_import', 'provincial', 'prefecture', 'department']);

type CaseRow = NonNullable<Awaited<ReturnType<CasesRepo['byId']>>>;

/** The slice of a case that the history keeps for "as of" questions. */
function snapshot(c: Record<string, any>) {
  const { location, location_geog, footprint, footprint_geojson, division_name, town_name, ...rest } = c;
  return rest;
}

/** The fields that differ, as (before, after) pairs of objects: what an audit record needs to say. */
function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): [Record<string, unknown>, Record<string, unknown>] {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
      b[k] = before[k] ?? null;
      a[k] = after[k] ?? null;
    }
  }
  return [b, a];
}

const uscc = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

function checkFields(f: CaseFields) {
  if (f.enterpriseUscc && !uscc.test(f.enterpriseUscc)) throw badRequest('case.invalid_uscc', '统一社会信用代码格式不正确(18位)', { field: 'enterpriseUscc' });
  if (f.ownerKind === 'enterprise' && f.enterpriseName === '') throw badRequest('case.enterprise_name_required', '企业类案件须填写企业名称', { field: 'enterpriseName' });
}

/** A stable hash of what a report said, to tell a resend from different content under one clientId. */
export function contentFingerprint(content: unknown): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/**
 * What a caller already established for this report (patrol: before rendering its photos), so createOnce
 * does not look it up again: the place of the (converted) point, and that the clientId made no case yet
 * (a concurrent send is still caught by the unique clientId, answered as a resend by `create`).
 */
export interface KnownBeforeCreate {
  place?: Awaited<ReturnType<DivisionsService['locate']>>;
  clientIdChecked?: boolean;
}

function isUniqueViolation(e: unknown, column: string): boolean {
  const err = e as { code?: string; constraint?: string; detail?: string; message?: string };
  return err?.code === '23505' && `${err.constraint ?? ''} ${err.detail ?? ''} ${err.message ?? ''}`.includes(column);
}

export function casesService(deps: {
  db: Database;
  clock: Clock;
  casesRepo: CasesRepo;
  divisions: DivisionsService;
  audit: AuditService;
  jobs?: JobQueue;
  /** The working-day calendar and step deadlines (supervision module); without it no deadline is set. */
  work?: WorkTime;
  /** Open department tasks of a case (supervision module). */
  openTasks?: (caseId: string) => Promise<number>;
  /** Assigns a department task on a case (supervision module; the bulk `assign` to a department). */
  addTask?: (actor: Actor, caseId: string, t: { department: string; title: string; deadline: string }) => Promise<unknown>;
  /** Tells the people who must act next (in-app; a 浙政钉 adapter behind the same seam). */
  notifier?: Notifier;
  policy?: WorkflowPolicy;
  casePrefix?: string;
}) {
  const { db, clock, casesRepo: repo, divisions, audit } = deps;
  const policy = deps.policy ?? DEFAULT_POLICY;
  const prefix = deps.casePrefix ?? 'PH';
  /** The disposal rule set in force (the admin edits it; see supervision's settings). */
  const rules = () => (deps.work ? deps.work.rules() : Promise.resolve(DEFAULT_RULES));

  /** Loads a case the actor may see; anything outside the jurisdiction is "not found". */
  async function load(actor: Actor, id: string): Promise<CaseRow> {
    const c = await repo.byId(id);
    if (!c || !inJurisdiction(actor, c.division_path)) throw notFound('案件', 'case.not_found');
    return c;
  }

  /** Timeline event, history interval and audit record of one change, in the caller's transaction. */
  async function recordChange(actor: Actor | null, before: CaseRow | null, after: CaseRow, event: { kind: string; from?: string | null; to?: string | null; note?: string | null; data?: Record<string, unknown> }, action: string) {
    const now = clock.now();
    const id = after.id;
    await repo.recordVersion(
      { case_id: id, at: now, actor_id: actor?.id ?? null, kind: event.kind, from_status: event.from ?? null, to_status: event.to ?? null, note: event.note ?? null, data: event.data ?? {} },
      { version: after.version, status: after.status, disposal_class: after.disposal_class, origin: after.origin, division_code: after.division_code, town_code: after.town_code, area_m2: after.area_m2, data: snapshot(after) },
    );
    const [b, a] = before ? changedFields(snapshot(before), snapshot(after)) : [null, snapshot(after)];
    await audit.append(actor, { action, entity: 'case', entityId: id, before: b, after: a });
    return after;
  }

  /** Applies an optimistic update and returns the whole new case (names and point carry over). */
  async function apply(before: CaseRow, patch: Record<string, unknown>, footprint?: unknown | null): Promise<CaseRow> {
    const row = await repo.update(before.id, before.version, patch, footprint);
    if (!row) throw conflict('case.version_conflict', '案件已被他人修改,请刷新后重试');
    return { ...before, ...row, footprint_geojson: footprint !== undefined ? footprint : before.footprint_geojson };
  }

  function present(actor: Actor, c: CaseRow) {
    const pii = seesPersonalData(actor.role);
    return {
      id: c.id,
      caseNo: c.case_no,
      /** The report's device-made id (patrol app), when it came from one. */
      clientId: c.client_id,
      version: c.version,
      status: c.status as CaseStatus,
      disposalClass: c.disposal_class as DisposalClass | null,
      origin: c.origin,
      source: c.source,
      category: c.category,
      lon: c.lon,
      lat: c.lat,
      footprint: c.footprint_geojson ?? null,
      divisionCode: c.division_code,
      divisionName: c.division_name,
      townCode: c.town_code,
      townName: c.town_name,
      areaM2: c.area_m2,
      floors: c.floors,
      structure: c.structure,
      use: c.use,
      landType: c.land_type,
      onCultivatedLand: c.on_cultivated_land,
      onBasicFarmland: c.on_basic_farmland,
      ownerKind: c.owner_kind,
      ownerName: c.owner_name,
      ownerIdNumber: pii ? c.owner_id_number : maskIdNumber(c.owner_id_number),
      ownerPhone: pii ? c.owner_phone : maskPhone(c.owner_phone),
      personalDataMasked: !pii,
      enterpriseName: c.enterprise_name,
      enterpriseUscc: c.enterprise_uscc,
      addressGroup: c.address_group,
      addressHouseNo: c.address_house_no,
      addressText: c.address_text,
      safetyRisk: c.safety_risk,
      remedyRef: c.remedy_ref,
      deferReason: c.defer_reason,
      reviewDate: c.review_date,
      rejectReason: c.reject_reason,
      duplicateOf: c.duplicate_of,
      note: c.note,
      foundAt: c.found_at,
      reportedBy: c.reported_by,
      deadlineAt: c.deadline_at,
      verifiedAt: c.verified_at,
      classifiedAt: c.classified_at,
      closedAt: c.closed_at,
      createdAt: c.created_at,
      updatedAt: c.updated_at,
    };
  }

  return {
    load,
    /**
     * Registers a case. With a `clientId` it is idempotent: the same report sent again returns the case
     * it made (created: false); the same clientId with different content is a 409. `opts.within` runs in
     * the same transaction once the case exists (a patrol report records its photos there).
     */
    async create(actor: Actor, input: NewCase, opts: { fingerprint?: string; within?: (c: { id: string; caseNo: string }) => Promise<unknown> } & KnownBeforeCreate = {}) {
      const fingerprint = input.clientId ? (opts.fingerprint ?? contentFingerprint(input)) : null;
      try {
        return await this.createOnce(actor, input, fingerprint, opts.within, opts);
      } catch (e) {
        // two sends of one report racing on PostgreSQL: the unique clientId decides, the loser answers as a resend
        if (input.clientId && isUniqueViolation(e, 'client_id')) {
          const again = await this.byClientId(actor, input.clientId, fingerprint);
          if (again) return { created: false, case: again };
        }
        throw e;
      }
    },

    /** The case a clientId already made, if any: 409 when the content differs or it is not the actor's to see. */
    async byClientId(actor: Actor, clientId: string, fingerprint: string | null) {
      const existing = await repo.byClientId(clientId);
      if (!existing) return null;
      if (!inJurisdiction(actor, existing.division_path)) throw conflict('case.client_id_taken', '该上报编号(clientId)已被使用');
      if (existing.client_fingerprint && fingerprint && existing.client_fingerprint !== fingerprint) {
        throw conflict('case.client_id_conflict', '同一上报编号(clientId)已提交过不同的内容', { caseId: existing.id });
      }
      return present(actor, await load(actor, existing.id));
    },

    async createOnce(actor: Actor, input: NewCase, fingerprint: string | null, within?: (c: { id: string; caseNo: string }) => Promise<unknown>, known: KnownBeforeCreate = {}) {
      if (!REPORTERS.has(actor.role)) throw forbidden('case.create_forbidden', '当前角色不能登记案件');
      let { lon, lat } = input;
      if (!validLonLat(lon, lat)) throw badRequest('case.invalid_location', '经纬度超出范围', { field: 'lon/lat' });
      if (input.crs === 'gcj02') [lon, lat] = gcj02ToWgs84(lon, lat);
      checkFields(input);
      const preVerified = PRE_VERIFIED_SOURCES.has(input.source);
      if (preVerified && actor.role === 'inspector') throw forbidden('case.source_forbidden', '巡查员只能上报巡查发现的案件');
      const now = clock.now();
      return db.transaction(async () => {
        if (input.clientId && !known.clientIdChecked) {
          const existing = await this.byClientId(actor, input.clientId, fingerprint);
          if (existing) return { created: false, case: existing };
        }
        const place = known.place ?? (await divisions.locate(lon, lat));
        if (!inJurisdiction(actor, place.path)) throw forbidden('case.outside_jurisdiction', '该位置不在您的管辖范围内');
        if (input.footprint) await assertValidPolygon(db, input.footprint);
        for (const r of input.externalRefs ?? []) {
          if (await repo.findExternalRef(r.system, r.externalId)) throw conflict('case.external_ref_taken', `外部编号 ${r.system}:${r.externalId} 已关联其他案件`);
        }
        const id = randomUUID();
        const year = now.getFullYear();
        const foundAt = input.foundAt ? new Date(input.foundAt) : now;
        if (Number.isNaN(foundAt.getTime()) || foundAt.getTime() > now.getTime() + 5 * 60_000) throw badRequest('case.invalid_found_at', '发现时间无效或晚于当前时间', { field: 'foundAt' });
        const status: CaseStatus = preVerified ? 'verified' : 'reported';
        const addressText = [place.townName, place.villageName, input.addressGroup ? `${input.addressGroup}组` : '', input.addressHouseNo ? `${input.addressHouseNo}号` : '']
          .filter(Boolean)
          .join(' ');
        const row = await repo.insert(
          {
            id,
            client_id: input.clientId ?? null,
            client_fingerprint: fingerprint,
            division_code: place.villageCode,
            town_code: place.townCode,
            division_path: place.path,
            origin: input.origin ?? (input.source === 'census_import' ? 'stock' : 'new'),
            category: input.category ?? 'building',
            area_m2: input.areaM2 ?? null,
            floors: input.floors ?? null,
            structure: input.structure ?? null,
            use: input.use ?? null,
            land_type: input.landType ?? null,
            on_cultivated_land: input.onCultivatedLand ?? (input.landType === 'cultivated' || input.landType === 'basic_farmland'),
            on_basic_farmland: input.onBasicFarmland ?? (input.landType === 'basic_farmland'),
            owner_kind: input.ownerKind ?? null,
            owner_name: input.ownerName ?? null,
            owner_id_number: input.ownerIdNumber ?? null,
            owner_phone: input.ownerPhone ?? null,
            enterprise_name: input.enterpriseName ?? null,
            enterprise_uscc: input.enterpriseUscc ?? null,
            source: input.source,
            address_group: input.addressGroup ?? null,
            address_house_no: input.addressHouseNo ?? null,
            address_text: addressText,
            safety_risk: input.safetyRisk ?? 'low',
            status,
            disposal_class: null,
            remedy_ref: null,
            defer_reason: null,
            review_date: null,
            reject_reason: null,
            duplicate_of: null,
            note: input.note ?? null,
            found_at: foundAt,
            reported_by: actor.id,
            deadline_at: deps.work ? await deps.work.deadlineFor(status, null) : null,
            verified_at: preVerified ? now : null,
            classified_at: null,
            closed_at: null,
            created_at: now,
            updated_at: now,
          },
          { prefix, year },
          lon,
          lat,
          input.footprint ?? null,
        );
        for (const r of input.externalRefs ?? []) await repo.insertExternalRef({ case_id: id, system: r.system, external_id: r.externalId, created_at: now });
        const created: CaseRow = { ...row, lon, lat, footprint_geojson: input.footprint ?? null, division_name: place.villageName, town_name: place.townName };
        const after = await recordChange(actor, null, created, { kind: 'created', to: status, note: input.note ?? null, data: { source: input.source, externalRefs: input.externalRefs ?? [] } }, 'case.create');
        if (within) await within({ id, caseNo: row.case_no });
        // scored after commit: the inspector does not wait for it
        await deps.jobs?.enqueue('case.score_duplicates', { caseId: id });
        return { created: true, case: present(actor, after) };
      });
    },

    /** Edits registry facts; `version` must match (optimistic locking). */
    async update(actor: Actor, id: string, version: number, fields: CaseFields) {
      return db.transaction(async () => {
        const before = await load(actor, id);
        if (!EDITORS.has(actor.role)) throw forbidden('case.update_forbidden', '当前角色不能修改案件信息');
        if (before.version !== version) throw conflict('case.version_conflict', '案件已被他人修改,请刷新后重试', { currentVersion: before.version });
        checkFields(fields);
        if (fields.footprint) await assertValidPolygon(db, fields.footprint);
        const patch: Record<string, unknown> = {};
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        for (const [k, col] of Object.entries(FIELD_COLUMNS)) {
          const v = (fields as Record<string, unknown>)[k];
          if (v === undefined) continue;
          const old = (before as Record<string, unknown>)[col];
          if (old !== v) {
            patch[col] = v;
            changes[k] = { from: old, to: v };
          }
        }
        if (fields.footprint !== undefined) changes.footprint = { from: before.footprint_geojson, to: fields.footprint };
        if (Object.keys(changes).length === 0) return present(actor, before);
        patch.updated_at = clock.now();
        const updated = await apply(before, patch, fields.footprint);
        const after = await recordChange(actor, before, updated, { kind: 'fields_changed', data: { changes, afterClosing: before.status === 'closed' } }, 'case.update');
        return present(actor, after);
      });
    },

    /** One workflow transition (see case.workflow.ts). */
    async act(actor: Actor | 'system', id: string, action: CaseAction, version: number | null, input: ActionInput) {
      return db.transaction(async () => {
        const c = actor === 'system' ? await repo.byId(id) : await load(actor, id);
        if (!c) throw notFound('案件', 'case.not_found');
        if (version !== null && c.version !== version) throw conflict('case.version_conflict', '案件已被他人修改,请刷新后重试', { currentVersion: c.version });
        const now = clock.now();
        const facts = {
          status: c.status as CaseStatus,
          disposalClass: c.disposal_class as DisposalClass | null,
          classifiedAt: c.classified_at ? new Date(c.classified_at) : null,
          afterPhotos: action === 'request_closing' ? await repo.afterPhotoFacts(id) : [],
          openTasks: action === 'request_closing' && deps.openTasks ? await deps.openTasks(id) : 0,
          suggested: action === 'classify' ? suggestDisposal(ruleFacts(c), await rules()).disposalClass : null,
        };
        const d = decide(action, actor === 'system' ? 'system' : actor.role, facts, input, now, policy);
        if (!d.ok) throw new AppError(d.code, d.status, d.reasons.join(';'), { reasons: d.reasons, action, status: c.status });
        const patch: Record<string, unknown> = { status: d.to, updated_at: now };
        if (action === 'verify') patch.verified_at = now;
        if (action === 'reject') {
          patch.reject_reason = input.reason ?? '重复上报';
          if (input.duplicateOf) {
            if (input.duplicateOf === id) throw badRequest('case.duplicate_of_self', '不能合并到自身', { field: 'duplicateOf' });
            const kept = actor === 'system' ? await repo.byId(input.duplicateOf) : await load(actor, input.duplicateOf).catch(() => undefined);
            if (!kept) throw badRequest('case.duplicate_target_missing', '被合并的目标案件不存在', { field: 'duplicateOf' });
            patch.duplicate_of = input.duplicateOf;
            await repo.resolveCandidates(id, input.duplicateOf, 'merged', actor === 'system' ? null : actor.id, now);
          }
          // a rejected case is no longer anyone's duplicate question
          await repo.resolveCandidates(id, null, 'dismissed', actor === 'system' ? null : actor.id, now);
          await repo.resolvePointingTo(id, input.duplicateOf ?? null, actor === 'system' ? null : actor.id, now);
        }
        if (action === 'classify') {
          patch.disposal_class = input.disposalClass;
          patch.classified_at = now;
          patch.remedy_ref = input.disposalClass === 'remedy' ? input.remedyRef : null;
          patch.defer_reason = input.disposalClass === 'defer' ? input.deferReason : null;
          patch.review_date = input.disposalClass === 'defer' ? input.reviewDate : null;
        }
        // the deadline of the step the case enters (working days on the official calendar), or the one given
        const cls = (patch.disposal_class !== undefined ? patch.disposal_class : c.disposal_class) as DisposalClass | null;
        if (deps.work) patch.deadline_at = await deps.work.deadlineFor(d.to, action === 'reopen' || action === 'review_due' ? null : cls, input.deadline);
        else if (input.deadline) patch.deadline_at = new Date(`${input.deadline}T23:59:59+08:00`);
        if (action === 'classify') {
          const s = suggestDisposal(ruleFacts(c), await rules());
          input = { ...input, suggestion: s.disposalClass, override: s.disposalClass !== null && s.disposalClass !== input.disposalClass } as ActionInput;
        }
        if (action === 'approve_closing') patch.closed_at = now;
        if (action === 'reopen' || action === 'review_due') {
          patch.closed_at = null;
          patch.disposal_class = null;
          patch.classified_at = null;
          patch.review_date = null;
        }
        const updated = await apply(c, patch);
        const who = actor === 'system' ? null : actor;
        const after = await recordChange(who, c, updated, { kind: action, from: c.status, to: d.to, note: input.reason ?? input.note ?? input.deferReason ?? null, data: { ...input } }, `case.${action}`);
        // the next ones to act hear of it
        if (action === 'request_closing') {
          await deps.notifier?.send({ role: 'city_office', divisionCode: c.division_path.split('/')[0] }, { kind: 'closing_requested', title: `销号申请待审核:${c.case_no}`, body: `${c.town_name ?? ''} ${c.division_name ?? ''}`, caseId: id });
        }
        if (action === 'return_closing') {
          await deps.notifier?.send({ role: 'town_officer', divisionCode: c.town_code }, { kind: 'closing_returned', title: `销号申请被退回:${c.case_no}`, body: input.reason ?? undefined, caseId: id });
        }
        return who ? present(who, after) : after;
      });
    },

    /**
     * One action on many cases (批量办理): each case in its own transaction, so one refusal does not undo
     * the others; every case gets its own result, nothing partial is hidden. Besides the workflow actions:
     * `assign` (to a person, or a task for a department) and `set_deadline`.
     */
    async bulkAct(actor: Actor, action: BulkAction, items: { id: string; version: number }[], input: BulkInput) {
      const one = (it: { id: string; version: number }) => {
        if (action === 'assign') return input.assigneeId ? this.assign(actor, it.id, it.version, input.assigneeId) : this.assignTask(actor, it.id, it.version, input);
        if (action === 'set_deadline') return this.setDeadline(actor, it.id, it.version, input.deadline!);
        return this.act(actor, it.id, action, it.version, input) as Promise<{ version: number; status: string }>;
      };
      const results = [];
      for (const it of items) {
        try {
          const c = (await one(it)) as { version: number; status: string };
          results.push({ id: it.id, caseNo: c && 'caseNo' in c ? (c.caseNo as string) : undefined, ok: true as const, status: c.status, version: c.version });
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          results.push({ id: it.id, ok: false as const, httpStatus: e.status, code: e.code, message: e.message });
        }
      }
      const succeeded = results.filter((r) => r.ok).length;
      // one notification for the person the cases went to, not one per case
      if (action === 'assign' && input.assigneeId && succeeded) {
        await deps.notifier?.send({ userIds: [input.assigneeId] }, { kind: 'case_assigned', title: `${actor.displayName} 向您分派了 ${succeeded} 件案件`, body: input.note ?? undefined });
      }
      return { action, succeeded, failed: results.filter((r) => !r.ok).length, results };
    },

    /** Assigns a case to a person (批量分派): an inspector or officer whose area covers the case. */
    async assign(actor: Actor, id: string, version: number, assigneeId: string) {
      return db.transaction(async () => {
        const c = await load(actor, id);
        if (!EDITORS.has(actor.role)) throw forbidden('case.assign_forbidden', '只有镇街专员或市三改一拆办可以分派案件');
        if (c.version !== version) throw conflict('case.version_conflict', '案件已被他人修改,请刷新后重试', { currentVersion: c.version });
        if (c.status === 'closed' || c.status === 'rejected') throw conflict('case.not_open', '案件已办结,不能分派');
        const u = await db.q
          .selectFrom('users as u')
          .innerJoin('divisions as d', 'd.code', 'u.division_code')
          .select(['u.id', 'u.display_name', 'u.role', 'u.active', 'd.path'])
          .where('u.id', '=', assigneeId)
          .executeTakeFirst();
        if (!u || !u.active || !ASSIGNEE_ROLES.has(u.role)) throw new AppError('case.invalid_assignee', 422, '只能分派给在岗的巡查员或镇街专员', { field: 'assigneeId' });
        if (!inJurisdiction({ divisionPath: u.path }, c.division_path)) throw new AppError('case.assignee_out_of_area', 422, `${u.display_name} 不负责该案件所在区域`, { field: 'assigneeId' });
        const now = clock.now();
        const before = await db.q.selectFrom('case_assignees').select('user_id').where('case_id', '=', id).executeTakeFirst();
        await db.q
          .insertInto('case_assignees')
          .values({ case_id: id, user_id: u.id, assigned_by: actor.id, assigned_at: now })
          .onConflict((oc) => oc.column('case_id').doUpdateSet({ user_id: u.id, assigned_by: actor.id, assigned_at: now }))
          .execute();
        const updated = await apply(c, { updated_at: now });
        const after = await recordChange(actor, c, updated, { kind: 'assigned', note: u.display_name, data: { assigneeId: u.id, assigneeName: u.display_name, previousAssigneeId: before?.user_id ?? null } }, 'case.assign');
        return present(actor, after);
      });
    },

    /** A department task on a case, through the bulk bar: the version the officer saw must still hold. */
    async assignTask(actor: Actor, id: string, version: number, t: { department?: string; title?: string; deadline?: string }) {
      return db.transaction(async () => {
        const c = await load(actor, id);
        if (c.version !== version) throw conflict('case.version_conflict', '案件已被他人修改,请刷新后重试', { currentVersion: c.version });
        if (!deps.addTask) throw new AppError('case.tasks_unavailable', 500, '部门任务未配置');
        await deps.addTask(actor, id, { department: t.department!, title: t.title!, deadline: t.deadline! });
        return present(actor, c);
      });
    },

    /** Sets the deadline of the step a case is in (设定期限): a China day, not in the past. */
    async setDeadline(actor: Actor, id: string, version: number, deadline: string) {
      return db.transaction(async () => {
        const c = await load(actor, id);
        if (!EDITORS.has(actor.role)) throw forbidden('case.deadline_forbidden', '只有镇街专员或市三改一拆办可以设定期限');
        if (c.version !== version) throw conflict('case.version_conflict', '案件已被他人修改,请刷新后重试', { currentVersion: c.version });
        if (c.status === 'closed' || c.status === 'rejected') throw conflict('case.no_deadline', '案件已办结,没有办理期限');
        if (c.disposal_class === 'defer' && c.status === 'classified') throw conflict('case.no_deadline', '暂缓处置的案件按复核日期办理,不设期限');
        const at = deps.work ? await deps.work.deadlineFor(c.status as CaseStatus, null, deadline) : new Date(`${deadline}T23:59:59+08:00`);
        const updated = await apply(c, { deadline_at: at, updated_at: clock.now() });
        const after = await recordChange(actor, c, updated, { kind: 'deadline_set', note: deadline, data: { deadline, previous: c.deadline_at } }, 'case.set_deadline');
        return present(actor, after);
      });
    },

    /** Deferred cases return for a new decision at their review date (暂缓到期). Safe to run from several processes. */
    async reviewDue(): Promise<number> {
      const today = new Date(clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
      let n = 0;
      for (const id of await repo.deferredDue(today)) {
        try {
          await this.act('system', id, 'review_due', null, {});
          n++;
        } catch (e) {
          if (!(e instanceof AppError && (e.status === 409 || e.status === 422))) throw e;
        }
      }
      return n;
    },

    /** Open cases around a point within the actor's jurisdiction, nearest first (the patrol app's duplicate check). */
    async nearby(actor: Actor, q: { lon: number; lat: number; crs?: 'wgs84' | 'gcj02'; radius?: number; includeClosed?: boolean }) {
      let { lon, lat } = q;
      if (!validLonLat(lon, lat)) throw badRequest('case.invalid_location', '经纬度超出范围', { field: 'lon/lat' });
      if (q.crs === 'gcj02') [lon, lat] = gcj02ToWgs84(lon, lat);
      const radius = q.radius ?? DUPLICATE_RADIUS_M.default;
      if (!(radius > 0 && radius <= MAX_NEARBY_RADIUS_M)) throw badRequest('case.radius_out_of_range', `搜索半径须在 1–${MAX_NEARBY_RADIUS_M} 米之间`, { field: 'radius', max: MAX_NEARBY_RADIUS_M });
      const rows = await repo.nearby(lon, lat, radius, actor.divisionPath, q.includeClosed ?? false, 100);
      return {
        items: rows.map((r) => ({
          id: r.id,
          caseNo: r.case_no,
          status: r.status,
          disposalClass: r.disposal_class,
          category: r.category,
          lon: r.lon,
          lat: r.lat,
          distance: Math.round(Number(r.distance) * 10) / 10,
          divisionName: r.division_name,
          townName: r.town_name,
          foundAt: r.found_at,
          note: r.note,
          version: r.version,
          photoCount: Number(r.photo_count),
          thumbnails: r.photo_ids.map((p) => `/api/photos/${p}/thumbnail`),
        })),
      };
    },

    /**
     * Job: scores the cases near new ones (any town: duplicates do not stop at borders) and marks the
     * probable duplicates for the town officer; several cases at once read, record and notify in one
     * statement each. Idempotent. Returns how many pairs it marked.
     */
    async scoreDuplicates(caseIds: readonly string[]): Promise<number> {
      const scans = await repo.duplicateScan(caseIds, DUPLICATE_RADIUS_M);
      const now = clock.now();
      const found: { case_id: string; candidate_id: string; score: number; distance_m: number; factors: Record<string, unknown>; rebuild: boolean }[] = [];
      for (const [caseId, { case: c, mine, neighbours }] of scans) {
        // only a new report is in question: once verified (or rejected) a person has looked at it
        if (c.status !== 'reported') continue;
        for (const o of neighbours) {
          const { score, factors } = duplicateScore({
            distanceM: o.distance,
            radiusM: c.radiusM,
            sameCategory: o.category === c.category,
            footprintIoU: o.iou,
            photoHamming: mine.length && o.phashes.length ? minHamming(mine, o.phashes) : null,
          });
          if (score < DUPLICATE_THRESHOLD) continue;
          // a report where a demolished building stood is a rebuild (复建), not just a second report
          const rebuild = o.status === 'closed';
          found.push({ case_id: caseId, candidate_id: o.id, score, distance_m: Math.round(o.distance * 10) / 10, factors: { ...factors, rebuild }, rebuild });
        }
      }
      // a pair already recorded (the job ran before) is not marked again
      const added = await repo.recordCandidates(now, found);
      const marked = found.filter((f) => added.has(`${f.case_id} ${f.candidate_id}`));
      // one notice per case with new marks: a rebuild when any of them is a demolished neighbour
      const rebuilds = new Map<string, boolean>();
      for (const m of marked) rebuilds.set(m.case_id, (rebuilds.get(m.case_id) ?? false) || m.rebuild);
      const notices = [...rebuilds].map(([caseId, rebuild]) => {
        const c = scans.get(caseId)!.case;
        return {
          to: { role: 'town_officer', divisionCode: c.townCode } as const,
          n: { kind: 'duplicate_suspected', title: `${rebuild ? '疑似复建' : '疑似重复上报'}:${c.caseNo}`, body: `${c.townName ?? ''} ${c.divisionName ?? ''}`, caseId } as const,
        };
      });
      await deps.notifier?.sendMany(notices);
      return marked.length;
    },

    async get(actor: Actor, id: string) {
      const c = await load(actor, id);
      const [events, refs, candidates] = await Promise.all([repo.events(id), repo.externalRefs(id), repo.candidatesOf(id)]);
      return {
        suggestion: suggestDisposal(ruleFacts(c), await rules()),
        duplicateCandidates: candidates.map((d) => ({
          caseId: d.candidate_id,
          caseNo: d.case_no,
          status: d.status,
          townName: d.town_name,
          divisionName: d.division_name,
          distanceM: Number(d.distance_m),
          score: Number(d.score),
          factors: d.factors,
          /** Whether the viewer may open (and merge into) the other case. */
          visible: inJurisdiction(actor, d.division_path),
        })),
        ...present(actor, c),
        externalRefs: refs.map((r) => ({ system: r.system, externalId: r.external_id, createdAt: r.created_at })),
        timeline: events.map((e) => ({ id: e.id, at: e.at, kind: e.kind, fromStatus: e.from_status, toStatus: e.to_status, note: e.note, data: e.data, actorName: e.actor_name, actorRole: e.actor_role })),
        allowedActions: availableActions(actor.role, c.status as CaseStatus),
      };
    },

    /** A shared filter for this actor: jurisdiction applied, the division code resolved to its subtree. */
    async resolveFilter(actor: Actor, filter: CaseFilterInput): Promise<CaseFilter> {
      let divisionPath: string | undefined;
      if (filter.division) {
        const d = await db.q.selectFrom('divisions').select('path').where('code', '=', filter.division).executeTakeFirst();
        if (!d) throw badRequest('case.unknown_division', `未知行政区划代码: ${filter.division}`, { field: 'division' });
        divisionPath = d.path;
      }
      const { overdue, ...rest } = filter;
      return {
        ...rest,
        reportedBy: filter.reportedBy === 'me' ? actor.id : filter.reportedBy,
        division: divisionPath,
        overdueBefore: overdue ? clock.now() : undefined,
        scopePath: actor.divisionPath,
      };
    },

    async list(actor: Actor, filter: CaseFilterInput, sort: CaseSort, desc: boolean, limit: number, offset: number) {
      const { items, total } = await repo.list(
        await this.resolveFilter(actor, filter),
        sort,
        desc,
        limit,
        offset,
      );
      return {
        total,
        items: items.map((c) => ({
          id: c.id,
          caseNo: c.case_no,
          status: c.status,
          origin: c.origin,
          disposalClass: c.disposal_class,
          source: c.source,
          category: c.category,
          lon: c.lon,
          lat: c.lat,
          divisionCode: c.division_code,
          divisionName: c.division_name,
          townCode: c.town_code,
          townName: c.town_name,
          areaM2: c.area_m2,
          floors: c.floors,
          structure: c.structure,
          use: c.use,
          landType: c.land_type,
          onCultivatedLand: c.on_cultivated_land,
          onBasicFarmland: c.on_basic_farmland,
          ownerKind: c.owner_kind,
          ownerName: c.owner_name,
          enterpriseName: c.enterprise_name,
          addressText: c.address_text,
          safetyRisk: c.safety_risk,
          foundAt: c.found_at,
          deadlineAt: c.deadline_at,
          reviewDate: c.review_date,
          updatedAt: c.updated_at,
          photoCount: Number(c.photo_count ?? 0),
          version: c.version,
        })),
      };
    },
  };
}
export type CasesService = ReturnType<typeof casesService>;

/** Refuses polygons PostGIS calls invalid (self-intersections, too few points …) with the reason. */
async function assertValidPolygon(db: Database, geojson: unknown) {
  const g = geojson as { type?: string };
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) throw badRequest('case.invalid_footprint', '占地范围须为 GeoJSON Polygon 或 MultiPolygon', { field: 'footprint' });
  let r;
  try {
    r = await sql<{ valid: boolean; reason: string }>`select ST_IsValid(g) as valid, ST_IsValidReason(g) as reason from (select ST_GeomFromGeoJSON(${JSON.stringify(geojson)}) as g) s`.execute(db.q);
  } catch {
    throw badRequest('case.invalid_footprint', '占地范围不是有效的 GeoJSON 几何', { field: 'footprint' });
  }
  if (!r.rows[0]?.valid) throw badRequest('case.invalid_footprint', `占地范围多边形无效:${r.rows[0]?.reason ?? ''}`, { field: 'footprint', reason: r.rows[0]?.reason });
}
