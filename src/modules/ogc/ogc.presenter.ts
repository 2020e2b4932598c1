import { CATEGORY_LABELS, DISPOSAL_LABELS, SOURCE_LABELS, STATUS_LABELS } from '../cases/cases.enums.js';
import { LAND_TYPE_LABELS, ORIGIN_LABELS, STRUCTURE_LABELS, USE_LABELS } from '../../../shared/enums.js';
import type { OgcCaseRow, OgcDivisionRow, OgcPatchRow } from './ogc.repo.js';
import { PATCH_SOURCE_LABELS, PATCH_STATUS_LABELS, VERDICT_LABELS } from '../patches/patch.rules.js';

/** A code's zh-CN label (an unknown code stays as it is). */
const label = (labels: Record<string, string>, v: string | null) => (v ? (labels[v] ?? v) : null);

/**
 * A case as a GeoJSON feature for GIS staff: each code beside its zh-CN label (`status` and `statusLabel`), the
 * town's and village's names; the same fields as the GeoJSON export, and like it no owner, ID number or phone.
 */
export function caseFeature(r: OgcCaseRow) {
  return {
    type: 'Feature' as const,
    id: r.id,
    geometry: { type: 'Point' as const, coordinates: [Number(r.lon), Number(r.lat)] },
    properties: {
      caseNo: r.case_no,
      status: r.status,
      statusLabel: label(STATUS_LABELS, r.status),
      category: r.category,
      categoryLabel: label(CATEGORY_LABELS, r.category),
      origin: r.origin,
      originLabel: label(ORIGIN_LABELS, r.origin),
      disposalClass: r.disposal_class,
      disposalClassLabel: label(DISPOSAL_LABELS, r.disposal_class),
      source: r.source,
      sourceLabel: label(SOURCE_LABELS, r.source),
      townCode: r.town_code,
      town: r.town,
      villageCode: r.village_code,
      village: r.village,
      address: r.address_text,
      areaM2: r.area_m2 === null ? null : Number(r.area_m2),
      floors: r.floors,
      structure: label(STRUCTURE_LABELS, r.structure),
      use: label(USE_LABELS, r.use),
      landType: label(LAND_TYPE_LABELS, r.land_type),
      onCultivatedLand: r.on_cultivated_land,
      onBasicFarmland: r.on_basic_farmland,
      foundAt: new Date(r.found_at).toISOString(),
      deadlineAt: r.deadline_at ? new Date(r.deadline_at).toISOString() : null,
      closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
    },
  };
}

const LEVEL_LABELS: Record<string, string> = { city: '市(县)', town: '镇(街道)', village: '村(社区)' };

export function divisionFeature(r: OgcDivisionRow) {
  return {
    type: 'Feature' as const,
    id: r.code,
    geometry: JSON.parse(r.geom) as unknown,
    properties: {
      code: r.code,
      parentCode: r.parent_code,
      level: r.level,
      levelLabel: LEVEL_LABELS[r.level] ?? r.level,
      name: r.name,
      shortName: r.short_name,
      population: r.population,
      landAreaKm2: r.land_area_km2 === null ? null : Number(r.land_area_km2),
    },
  };
}

/** A change patch (图斑) as a GeoJSON feature: its batch, its check's status and verdict with their zh-CN labels. */
export function patchFeature(r: OgcPatchRow) {
  return {
    type: 'Feature' as const,
    id: r.id,
    geometry: JSON.parse(r.geom) as unknown,
    properties: {
      code: r.code,
      batchNo: r.batch_no,
      source: r.source,
      sourceLabel: label(PATCH_SOURCE_LABELS, r.source),
      detectedOn: r.detected_on,
      dueOn: r.due_on,
      status: r.status,
      statusLabel: label(PATCH_STATUS_LABELS, r.status),
      verdict: r.verdict,
      verdictLabel: label(VERDICT_LABELS, r.verdict),
      verdictAt: r.verdict_at ? new Date(r.verdict_at).toISOString() : null,
      reviewedAt: r.reviewed_at ? new Date(r.reviewed_at).toISOString() : null,
      areaM2: Number(r.area_m2),
      townCode: r.town_code,
      town: r.town,
      villageCode: r.village_code,
      village: r.village,
      caseNo: r.case_no,
    },
  };
}
