import { inJurisdiction, maskIdNumber, maskPhone, mayRevealPersonalData, type Actor } from '../../platform/auth.js';
import type { Static } from 'typebox';
import type { Geometry } from '../../platform/schemas.js';
import type { CaseStatus, DisposalClass, Origin } from './cases.enums.js';
import type { ItemKind } from '../../../shared/item-kinds.js';
import type { CasesRepo, NearbyRow } from './cases.repo.js';
import type { Case, CaseFile, CaseListItem, NearbyCases } from './cases.schemas.js';

/** A case row as the repo reads it (names of its village and town, point, footprint). */
export type CaseRow = NonNullable<Awaited<ReturnType<CasesRepo['byId']>>>;
type ListRow = Awaited<ReturnType<CasesRepo['list']>>['items'][number];
type CandidateRow = Awaited<ReturnType<CasesRepo['candidatesOf']>>[number];
type EventRow = Awaited<ReturnType<CasesRepo['events']>>[number];
type RefRow = Awaited<ReturnType<CasesRepo['externalRefs']>>[number];

/** The columns a case row has in the list and on its page. */
type CoreRow = Pick<
  CaseRow,
  | 'id'
  | 'case_no'
  | 'status'
  | 'origin'
  | 'disposal_class'
  | 'source'
  | 'category'
  | 'lon'
  | 'lat'
  | 'division_code'
  | 'division_name'
  | 'town_code'
  | 'town_name'
  | 'area_m2'
  | 'floors'
  | 'structure'
  | 'use'
  | 'land_type'
  | 'on_cultivated_land'
  | 'on_basic_farmland'
  | 'owner_kind'
  | 'owner_name'
  | 'enterprise_name'
  | 'address_text'
  | 'safety_risk'
  | 'found_at'
  | 'deadline_at'
  | 'review_date'
  | 'updated_at'
  | 'version'
  | 'kind'
  | 'extra'
>;

/** What a case in the list and a case on its page both say (the base of both presenters). */
function presentCaseCore(c: CoreRow) {
  return {
    id: c.id,
    caseNo: c.case_no,
    kind: (c.kind ?? 'violation') as ItemKind,
    extra: (typeof c.extra === 'string' ? JSON.parse(c.extra) : (c.extra ?? {})) as Record<string, unknown>,
    status: c.status as CaseStatus,
    origin: c.origin as Origin,
    disposalClass: c.disposal_class as DisposalClass | null,
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
    version: c.version,
  };
}

/**
 * A case in its API shape (the base plus the page's facts). The owner's ID number and phone are masked for
 * every role; the roles that need them reveal them one case at a time (POST /api/cases/:id/personal-data).
 */
export function presentCase(actor: Actor, c: CaseRow): Static<typeof Case> {
  return {
    ...presentCaseCore(c),
    /** The report's device-made id (patrol app), when it came from one. */
    clientId: c.client_id,
    footprint: (c.footprint_geojson ?? null) as Static<typeof Geometry> | null,
    ownerIdNumber: maskIdNumber(c.owner_id_number),
    ownerPhone: maskPhone(c.owner_phone),
    personalDataMasked: true,
    // the case was loaded inside the actor's jurisdiction, so the role decides
    personalDataRevealable: mayRevealPersonalData(actor.role) && (c.owner_id_number !== null || c.owner_phone !== null),
    enterpriseUscc: c.enterprise_uscc,
    addressGroup: c.address_group,
    addressHouseNo: c.address_house_no,
    remedyRef: c.remedy_ref,
    deferReason: c.defer_reason,
    rejectReason: c.reject_reason,
    duplicateOf: c.duplicate_of,
    duplicateOfCaseNo: c.duplicate_of ? (c.duplicate_of_case_no ?? null) : null,
    note: c.note,
    reportedBy: c.reported_by,
    verifiedAt: c.verified_at,
    classifiedAt: c.classified_at,
    closedAt: c.closed_at,
    createdAt: c.created_at,
  };
}

/** Masks of the personal fields an edit (`fields_changed`) names, by the API's field name. */
const PERSONAL_FIELDS: Record<string, (v: string | null) => string | null> = { ownerIdNumber: maskIdNumber, ownerPhone: maskPhone };

/** A timeline event's data with the old and new values of an edited ID number or phone masked. */
function maskEventData(data: EventRow['data']): EventRow['data'] {
  const changes = (data as { changes?: Record<string, { from: unknown; to: unknown }> } | null)?.changes;
  if (!changes || !Object.keys(changes).some((k) => k in PERSONAL_FIELDS)) return data;
  const masked = { ...changes };
  for (const [k, mask] of Object.entries(PERSONAL_FIELDS)) {
    const ch = changes[k];
    if (ch) masked[k] = { from: mask((ch.from as string | null) ?? null), to: mask((ch.to as string | null) ?? null) };
  }
  return { ...data, changes: masked };
}

/** The parts of one case's page beyond the case itself: duplicate marks, external references, timeline. */
type CaseRecord = Pick<Static<typeof CaseFile>, 'duplicateCandidates' | 'externalRefs' | 'timeline'>;
export function presentCaseRecord(actor: Actor, r: { candidates: CandidateRow[]; refs: RefRow[]; events: EventRow[] }): CaseRecord {
  return {
    duplicateCandidates: r.candidates.map((d) => ({
      caseId: d.candidate_id,
      caseNo: d.case_no,
      status: d.status as CaseStatus,
      townName: d.town_name,
      divisionName: d.division_name,
      distanceM: Number(d.distance_m),
      score: Number(d.score),
      factors: d.factors,
      /** Whether the viewer may open (and merge into) the other case. */
      visible: inJurisdiction(actor, d.division_path),
    })),
    externalRefs: r.refs.map((x) => ({ system: x.system, systemName: x.system_name, externalId: x.external_id, createdAt: x.created_at })),
    timeline: r.events.map((e) => ({
      id: e.id,
      at: e.at,
      kind: e.kind,
      fromStatus: e.from_status as CaseStatus | null,
      toStatus: e.to_status as CaseStatus | null,
      note: e.note,
      data: maskEventData(e.data),
      actorName: e.actor_name,
      actorRole: e.actor_role,
    })),
  };
}

/** A case as a list row (the registry table): the base plus its photo count. */
export function presentCaseListItem(c: ListRow): Static<typeof CaseListItem> {
  return { ...presentCaseCore(c), photoCount: Number(c.photo_count ?? 0) };
}

/** A case near a point (the patrol app's duplicate check), with its distance and thumbnails. */
export function presentNearbyCase(r: NearbyRow): Static<typeof NearbyCases>['items'][number] {
  return {
    id: r.id,
    caseNo: r.case_no,
    status: r.status as CaseStatus,
    disposalClass: r.disposal_class as DisposalClass | null,
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
  };
}
