import { createHash, randomUUID } from 'node:crypto';
import { inJurisdiction, type Actor } from '../../platform/auth.js';
import { badRequest, conflict, forbidden } from '../../platform/errors.js';
import { canonicalJson } from '../audit/audit.chain.js';
import type { DivisionsService } from '../divisions/divisions.service.js';
import { chinaDay } from '../settings/work.calendar.js';
import type { CaseStatus } from './cases.enums.js';
import { gcj02ToWgs84, validLonLat } from './geo.js';
import { presentCase, type CaseRow } from './cases.presenter.js';
import { REPORTERS, type CasesCore, type CasesDeps } from './cases.core.js';
import type { FileEdit } from '../../../shared/case-file.js';
import { extraProblems, KINDS, type ItemKind, type KindDeclaration } from '../../../shared/item-kinds.js';

/** Registry facts a person can set when creating or editing a case (一户一档). */
export interface CaseFields extends FileEdit {
  origin?: 'stock' | 'new';
  category?: string;
  structure?: string | null;
  use?: string | null;
  landType?: string | null;
  onCultivatedLand?: boolean;
  onBasicFarmland?: boolean;
  addressGroup?: string | null;
  addressHouseNo?: string | null;
  safetyRisk?: string;
  note?: string | null;
  footprint?: unknown | null;
  /** the kind's own fields (shared/item-kinds.ts: 积水深度 …) */
  extra?: Record<string, unknown>;
}

export interface NewCase extends CaseFields {
  /** violation (an illegal building) when absent */
  kind?: ItemKind;
  lon: number;
  lat: number;
  crs?: 'wgs84' | 'gcj02';
  source: string;
  foundAt?: string | Date;
  clientId?: string;
  externalRefs?: { system: string; externalId: string }[];
}

export const FIELD_COLUMNS: Record<Exclude<keyof CaseFields, 'footprint' | 'extra'>, string> = {
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

/** Stock ledgers and higher-level systems bring cases that are already established facts. */
const PRE_VERIFIED_SOURCES = new Set(['census_import', 'provincial', 'prefecture', 'department']);

const uscc = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** A kind's category and extra fields as given: 400 naming the field when they are not the kind's. */
export function checkKindFields(kind: KindDeclaration, f: CaseFields, partial = false) {
  if (f.category !== undefined && !(f.category in kind.categories))
    throw badRequest('case.invalid_category', `${kind.label}的类别只能是:${Object.values(kind.categories).join('、')}`, { field: 'category' });
  const problems = extraProblems(kind.kind, f.extra, partial);
  if (problems.length) throw badRequest('case.invalid_extra', problems.map((p) => p.message).join(';'), { field: problems[0].field, problems });
}

export function checkFields(f: CaseFields) {
  if (f.enterpriseUscc && !uscc.test(f.enterpriseUscc)) throw badRequest('case.invalid_uscc', '统一社会信用代码格式不正确(18位)', { field: 'enterpriseUscc' });
  if (f.ownerKind === 'enterprise' && f.enterpriseName === '') throw badRequest('case.enterprise_name_required', '企业类案件须填写企业名称', { field: 'enterpriseName' });
}

/** The text address (town, village, 组, 门牌号) as the papers print it. */
export function addressText(town: string | null | undefined, village: string | null | undefined, group: string | null, houseNo: string | null) {
  return [town, village, group ? `${group}组` : '', houseNo ? `${houseNo}号` : ''].filter(Boolean).join(' ');
}

/** An edit as people type it: names and numbers trimmed, an ID number's x upper case, an empty text cleared. */
export function normalizeEdit(f: CaseFields): CaseFields {
  const out: Record<string, unknown> = { ...f };
  for (const k of ['ownerName', 'ownerIdNumber', 'ownerPhone', 'enterpriseName', 'enterpriseUscc', 'addressGroup', 'addressHouseNo'] as const) {
    const v = f[k];
    if (typeof v === 'string') out[k] = v.trim() === '' ? null : v.trim();
  }
  if (typeof out.ownerIdNumber === 'string') out.ownerIdNumber = out.ownerIdNumber.toUpperCase();
  if (typeof out.enterpriseUscc === 'string') out.enterpriseUscc = out.enterpriseUscc.toUpperCase();
  if (typeof out.ownerPhone === 'string') out.ownerPhone = out.ownerPhone.replace(/\s+/g, '');
  return out as CaseFields;
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

/** Registering a case (登记): office entry, a patrol report, an import row; exactly once per clientId. */
export function casesIntake(deps: CasesDeps, core: CasesCore) {
  const { db, clock, casesRepo: repo, divisions } = deps;
  const prefix = deps.casePrefix ?? 'PH';
  const { load, recordChange } = core;

  /** The case a clientId already made, if any: 409 when the content differs or it is not the actor's to see. */
  async function byClientId(actor: Actor, clientId: string, fingerprint: string | null) {
    const existing = await repo.byClientId(clientId);
    if (!existing) return null;
    if (!inJurisdiction(actor, existing.division_path)) throw conflict('case.client_id_taken', '该上报编号(clientId)已被使用');
    if (existing.client_fingerprint && fingerprint && existing.client_fingerprint !== fingerprint) {
      throw conflict('case.client_id_conflict', '同一上报编号(clientId)已提交过不同的内容', { caseId: existing.id });
    }
    return presentCase(actor, await load(actor, existing.id));
  }

  /**
   * After a failed registration: when two sends of one report raced on PostgreSQL, the unique clientId
   * decided and the loser answers as a resend (the case the other send made); null for any other error.
   */
  async function resendAfterRace(actor: Actor, clientId: string | undefined, fingerprint: string | null, e: unknown) {
    if (!clientId || !isUniqueViolation(e, 'client_id')) return null;
    return byClientId(actor, clientId, fingerprint);
  }

  /** Registers a case in one transaction (no race handling: see `create`); `within` runs in it once the case exists. */
  async function createOnce(
    actor: Actor,
    input: NewCase,
    fingerprint: string | null,
    within?: (c: { id: string; caseNo: string }) => Promise<unknown>,
    known: KnownBeforeCreate = {},
  ) {
    if (!REPORTERS.has(actor.role)) throw forbidden('case.create_forbidden', '当前角色不能登记案件');
    let { lon, lat } = input;
    if (!validLonLat(lon, lat)) throw badRequest('case.invalid_location', '经纬度超出范围', { field: 'lon/lat' });
    if (input.crs === 'gcj02') [lon, lat] = gcj02ToWgs84(lon, lat);
    checkFields(input);
    const kind = KINDS[input.kind ?? 'violation'];
    checkKindFields(kind, input);
    const preVerified = PRE_VERIFIED_SOURCES.has(input.source);
    if (preVerified && actor.role === 'inspector') throw forbidden('case.source_forbidden', '巡查员只能上报巡查发现的案件');
    const now = clock.now();
    return db.transaction(async () => {
      if (input.clientId && !known.clientIdChecked) {
        const existing = await byClientId(actor, input.clientId, fingerprint);
        if (existing) return { created: false, case: existing };
      }
      const place = known.place ?? (await divisions.locate(lon, lat));
      if (!inJurisdiction(actor, place.path)) throw forbidden('case.outside_jurisdiction', '该位置不在您的管辖范围内');
      if (input.footprint) await core.assertValidPolygon(input.footprint);
      for (const r of input.externalRefs ?? []) {
        if (await repo.findExternalRef(r.system, r.externalId)) throw conflict('case.external_ref_taken', `外部编号 ${r.system}:${r.externalId} 已关联其他案件`);
      }
      const id = randomUUID();
      // the year of the case number is China's, whatever the server's time zone
      const year = Number(chinaDay(now).slice(0, 4));
      const foundAt = input.foundAt ? new Date(input.foundAt) : now;
      if (Number.isNaN(foundAt.getTime()) || foundAt.getTime() > now.getTime() + 5 * 60_000)
        throw badRequest('case.invalid_found_at', '发现时间无效或晚于当前时间', { field: 'foundAt' });
      const status: CaseStatus = preVerified ? 'verified' : 'reported';
      const row = await repo.insert(
        {
          id,
          client_id: input.clientId ?? null,
          client_fingerprint: fingerprint,
          division_code: place.villageCode,
          town_code: place.townCode,
          division_path: place.path,
          origin: input.origin ?? (input.source === 'census_import' ? 'stock' : 'new'),
          kind: kind.kind,
          extra: JSON.stringify(input.extra ?? {}),
          category: input.category ?? kind.defaultCategory,
          area_m2: input.areaM2 ?? null,
          floors: input.floors ?? null,
          structure: input.structure ?? null,
          use: input.use ?? null,
          land_type: input.landType ?? null,
          on_cultivated_land: input.onCultivatedLand ?? (input.landType === 'cultivated' || input.landType === 'basic_farmland'),
          on_basic_farmland: input.onBasicFarmland ?? input.landType === 'basic_farmland',
          owner_kind: input.ownerKind ?? null,
          owner_name: input.ownerName ?? null,
          owner_id_number: input.ownerIdNumber ?? null,
          owner_phone: input.ownerPhone ?? null,
          enterprise_name: input.enterpriseName ?? null,
          enterprise_uscc: input.enterpriseUscc ?? null,
          source: input.source,
          address_group: input.addressGroup ?? null,
          address_house_no: input.addressHouseNo ?? null,
          address_text: addressText(place.townName, place.villageName, input.addressGroup ?? null, input.addressHouseNo ?? null),
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
          deadline_at: deps.work ? await deps.work.deadlineFor(status, null, undefined, kind.deadlineDays) : null,
          verified_at: preVerified ? now : null,
          classified_at: null,
          closed_at: null,
          created_at: now,
          updated_at: now,
        },
        // each kind numbers its own items (JS-2026-000001 …); violations keep the city's prefix and counter
        kind.kind === 'violation' ? { prefix, year } : { prefix: kind.prefix, year, ownCounter: true },
        lon,
        lat,
        input.footprint ?? null,
      );
      for (const r of input.externalRefs ?? []) await repo.insertExternalRef({ case_id: id, system: r.system, external_id: r.externalId, created_at: now });
      const created: CaseRow = {
        ...row,
        lon,
        lat,
        footprint_geojson: input.footprint ?? null,
        division_name: place.villageName,
        town_name: place.townName,
        duplicate_of_case_no: null,
      };
      const after = await recordChange(
        actor,
        null,
        created,
        { kind: 'created', to: status, note: input.note ?? null, data: { source: input.source, externalRefs: input.externalRefs ?? [] } },
        'case.create',
      );
      if (within) await within({ id, caseNo: row.case_no });
      // scored after commit: the inspector does not wait for it (the duplicate check is about illegal buildings)
      if (kind.countsAsViolation) await deps.jobs?.enqueue('case.score_duplicates', { caseId: id });
      return { created: true, case: presentCase(actor, after) };
    });
  }

  return {
    byClientId,
    resendAfterRace,
    createOnce,
    /**
     * Registers a case. With a `clientId` it is idempotent: the same report sent again returns the case
     * it made (created: false); the same clientId with different content is a 409. `opts.within` runs in
     * the same transaction once the case exists (an import links its row there).
     */
    async create(actor: Actor, input: NewCase, opts: { fingerprint?: string; within?: (c: { id: string; caseNo: string }) => Promise<unknown> } & KnownBeforeCreate = {}) {
      const fingerprint = input.clientId ? (opts.fingerprint ?? contentFingerprint(input)) : null;
      try {
        return await createOnce(actor, input, fingerprint, opts.within, opts);
      } catch (e) {
        const again = await resendAfterRace(actor, input.clientId, fingerprint, e);
        if (again) return { created: false, case: again };
        throw e;
      }
    },
  };
}
