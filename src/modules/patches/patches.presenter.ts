import type { Static } from 'typebox';
import { dueEnd } from './patch.rules.js';
import type { BatchRow, FiguresRow, PatchPhotoRow, PatchRow } from './patches.repo.js';
import type { Patch, PatchBatch, PatchPhoto } from './patches.schemas.js';

const day = (d: string | Date) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

/** A batch with its figures inside the caller's jurisdiction. */
export function presentBatch(r: BatchRow & FiguresRow): Static<typeof PatchBatch> {
  return {
    id: r.id,
    batchNo: r.batch_no,
    source: r.source,
    detectedOn: day(r.detected_on),
    dueOn: day(r.due_on),
    fileName: r.file_name,
    fileFormat: r.file_format,
    crs: r.crs,
    matchMeters: r.match_meters,
    note: r.note,
    importedBy: r.imported_by_name,
    importedAt: r.imported_at,
    figures: {
      total: r.total,
      matched: r.matched,
      pending: r.pending,
      submitted: r.submitted,
      verified: r.verified,
      onTime: r.on_time,
      late: r.late,
      outstanding: r.outstanding,
      overdue: r.overdue,
      onTimeRate: r.total ? Math.round((r.on_time / r.total) * 10_000) / 10_000 : null,
    },
  };
}

/** One patch as every answer gives it; `now` decides whether an open one is overdue. */
export function presentPatch(r: PatchRow, now = new Date()): Static<typeof Patch> {
  const end = dueEnd(day(r.due_on)).getTime();
  const verdictAt = r.verdict_at ? new Date(r.verdict_at) : null;
  return {
    id: r.id,
    batchId: r.batch_id,
    batchNo: r.batch_no,
    source: r.source,
    detectedOn: day(r.detected_on),
    dueOn: day(r.due_on),
    code: r.code,
    areaM2: Number(r.area_m2),
    lon: Number(r.lon),
    lat: Number(r.lat),
    townCode: r.town_code,
    townName: r.town_name,
    villageCode: r.division_code,
    villageName: r.village_name,
    status: r.status,
    verdict: r.verdict,
    verdictNote: r.verdict_note,
    verdictBy: r.verdict_by_name,
    verdictAt: r.verdict_at,
    onTime: r.status === 'verified' ? verdictAt !== null && verdictAt.getTime() < end : null,
    overdue: r.status !== 'verified' && now.getTime() >= end,
    matchedByImport: r.matched_by_import,
    matchDistanceM: r.match_distance_m === null ? null : Math.round(r.match_distance_m * 10) / 10,
    matchOverlapM2: r.match_overlap_m2 === null ? null : Math.round(r.match_overlap_m2 * 100) / 100,
    caseId: r.case_id,
    caseNo: r.case_no,
    caseStatus: r.case_status as Static<typeof Patch>['caseStatus'],
    reviewedBy: r.reviewed_by_name,
    reviewedAt: r.reviewed_at,
    returnReason: r.return_reason,
    returnedCount: r.returned_count,
    version: r.version,
    attributes: r.attrs ?? {},
  };
}

export function presentPatchPhoto(r: PatchPhotoRow): Static<typeof PatchPhoto> {
  const base = `/api/patches/photos/${r.id}`;
  return {
    id: r.id,
    kind: r.kind,
    sha256: r.sha256,
    mime: r.mime,
    bytes: r.bytes,
    width: r.width,
    height: r.height,
    capturedAt: r.captured_at,
    lon: r.lon,
    lat: r.lat,
    uploadedBy: r.uploaded_by_name,
    uploadedAt: r.uploaded_at,
    urls: { original: `${base}/original`, display: `${base}/display`, thumbnail: `${base}/thumbnail` },
  };
}
