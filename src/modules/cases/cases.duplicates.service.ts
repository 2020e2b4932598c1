import type { Actor } from '../../platform/auth.js';
import { badRequest } from '../../platform/errors.js';
import { DUPLICATE_RADIUS_M, DUPLICATE_THRESHOLD, duplicateScore, minHamming } from './case.duplicates.js';
import { gcj02ToWgs84, validLonLat } from './geo.js';
import { presentNearbyCase } from './cases.presenter.js';
import type { CasesDeps } from './cases.core.js';

/** The largest radius `nearby` answers (a wider search is not a duplicate check). */
export const MAX_NEARBY_RADIUS_M = 500;

/** Duplicate reports: the patrol app's check before a report, and the scoring of new reports (a job). */
export function casesDuplicates(deps: CasesDeps) {
  const { clock, casesRepo: repo } = deps;

  /** Open cases around a point within the actor's jurisdiction, nearest first (the patrol app's duplicate check). */
  async function nearby(actor: Actor, q: { lon: number; lat: number; crs?: 'wgs84' | 'gcj02'; radius?: number; includeClosed?: boolean }) {
    let { lon, lat } = q;
    if (!validLonLat(lon, lat)) throw badRequest('case.invalid_location', '经纬度超出范围', { field: 'lon/lat' });
    if (q.crs === 'gcj02') [lon, lat] = gcj02ToWgs84(lon, lat);
    const radius = q.radius ?? DUPLICATE_RADIUS_M.default;
    if (!(radius > 0 && radius <= MAX_NEARBY_RADIUS_M))
      throw badRequest('case.radius_out_of_range', `搜索半径须在 1–${MAX_NEARBY_RADIUS_M} 米之间`, { field: 'radius', max: MAX_NEARBY_RADIUS_M });
    const rows = await repo.nearby(lon, lat, radius, actor.divisionPath, q.includeClosed ?? false, 100);
    return {
      items: rows.map(presentNearbyCase),
    };
  }

  /**
   * Job: scores the cases near new ones (any town: duplicates do not stop at borders) and marks the
   * probable duplicates for the town officer; several cases at once read, record and notify in one
   * statement each. Idempotent. Returns how many pairs it marked.
   */
  async function scoreDuplicates(caseIds: readonly string[]): Promise<number> {
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
  }

  return { nearby, scoreDuplicates };
}
