import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import type { Actor } from '../../platform/auth.js';
import { badRequest, conflict, forbidden } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { contentFingerprint, type CasesService } from '../cases/cases.service.js';
import type { PatrolRepo } from './patrol.repo.js';
import type { CaseCategory } from '../cases/cases.enums.js';
import { gcj02ToWgs84, validLonLat } from '../cases/geo.js';
import type { DivisionsService } from '../divisions/divisions.service.js';
import type { PhotosService } from '../photos/photos.service.js';
import { asUpload, type PhotoBytes } from '../../platform/upload.js';
import { metresBetween } from '../photos/photo.evidence.js';
import type { DeclaredOriginal } from '../photos/photo.original.js';
import type { ActionInput } from '../cases/case.workflow.js';
import { campaignReportCheck } from '../campaigns/campaign.report.js';
import type { ItemKind } from '../../../shared/item-kinds.js';

/** One tap from the phone: where, how sure, what (optional), and the photos. */
export interface PatrolReport {
  clientId: string;
  lon: number;
  lat: number;
  crs?: 'wgs84' | 'gcj02';
  accuracy?: number;
  category?: CaseCategory | string;
  note?: string;
  capturedAt?: string;
  /** violation (default) or waterlogging (积水点), which needs the depth */
  kind?: 'violation' | 'waterlogging';
  depthCm?: number;
  /** a running campaign (专项整治) the report belongs to: the case is an item of it (kind campaign_item) */
  campaignId?: string;
}

export interface TrackPoint {
  at: string;
  lon: number;
  lat: number;
  accuracy?: number;
}

/** Patrol tracks are coarse: at most this many points a batch, and fixes worse than this are dropped. */
export const TRACK_LIMITS = { maxPoints: 2000, maxAccuracyM: 200, coverageBufferM: 50 };

const PATROLLERS = new Set(['inspector', 'town_officer', 'city_office', 'department']);

/** Patrol: the phone's reports (a case with its photos), tracks and coverage. Above cases and photos. */
export function patrolService(deps: {
  db: Database;
  clock: Clock;
  repo: PatrolRepo;
  cases: CasesService;
  photos: PhotosService;
  divisions: DivisionsService;
  audit: AuditService;
}) {
  const { db, clock, repo, cases, photos, divisions, audit } = deps;
  // a report that names a campaign: checked against the campaign where it is made (campaigns/campaign.report.ts)
  const campaigns = campaignReportCheck({ db, clock });

  /** 再次积水: the reporter's photos join the point's file as new 'before' evidence, and the point reopens (the reporter, or the system for a role that may not). */
  async function reopenByReport(actor: Actor, id: string, r: PatrolReport, prepared: Awaited<ReturnType<PhotosService['prepareAll']>>) {
    const who = actor.role === 'inspector' || actor.role === 'town_officer' || actor.role === 'city_office' ? actor : 'system';
    const reason = `再次积水:巡查上报,积水深度 ${r.depthCm ?? '—'} cm${r.note ? `(${r.note})` : ''}`;
    return photos.withBlobs(prepared, () =>
      db.transaction(async () => {
        await cases.act(who, id, 'reopen', null, { reason, clientId: r.clientId, depthCm: r.depthCm } as ActionInput);
        const recorded = await photos.insertRows(actor, id, 'before', prepared);
        return { created: false, reopened: true, case: await cases.get(actor, id), photos: photos.listed(recorded) };
      }),
    );
  }

  return {
    /**
     * A report from the patrol app: exactly once per clientId. The photos are checked and rendered before
     * any case exists; the case and its photos are written in one transaction; duplicate scoring runs after.
     * Answers with the case and its photos: those just recorded, or on a resend the case's photos.
     * Two phases (`declared`, one per file): the files are reduced copies and each original follows as a
     * resumable upload (photos/photo-originals.service.ts); a resend is recognised by the originals' hashes.
     */
    async report(actor: Actor, r: PatrolReport, files: PhotoBytes[], declared?: DeclaredOriginal[]) {
      if (files.length === 0) throw badRequest('report.photo_required', '请至少拍摄一张照片', { field: 'photo' });
      // each upload is hashed once (an Upload while it was received): for the fingerprint here, and as the photo's SHA-256
      const uploads = files.map(asUpload);
      const hashes = uploads.map((u, i) => declared?.[i]?.sha256 ?? u.sha256);
      // what the report said, photos by their hash: a resend matches, a tampered photo does not
      const fingerprint = contentFingerprint({
        lon: r.lon,
        lat: r.lat,
        crs: r.crs ?? 'wgs84',
        accuracy: r.accuracy ?? null,
        category: r.category ?? null,
        note: r.note ?? null,
        capturedAt: r.capturedAt ?? null,
        photos: [...hashes].sort(),
        // a violation's fingerprint stays what it was before kinds existed
        ...(r.kind && r.kind !== 'violation' ? { kind: r.kind, depthCm: r.depthCm ?? null } : {}),
        ...(r.campaignId ? { campaignId: r.campaignId } : {}),
      });
      if (r.campaignId && r.kind === 'waterlogging') throw badRequest('report.campaign_waterlogging', '积水点不计入专项整治,请选“不属于专项”', { field: 'campaignId' });
      // a report in a campaign is an item of it (专项整治对象), counted by the campaign and not by the index
      const kind: ItemKind = r.campaignId ? 'campaign_item' : (r.kind ?? 'violation');
      if (kind === 'waterlogging' && r.depthCm === undefined) throw badRequest('case.invalid_extra', '请填写积水深度', { field: 'extra.depthCm' });
      let { lon, lat } = r;
      const valid = validLonLat(lon, lat);
      if (valid && r.crs === 'gcj02') [lon, lat] = gcj02ToWgs84(lon, lat);
      // the resend check and the place in parallel; a resend answers first, whatever the place says
      const placeP = valid ? divisions.locate(lon, lat) : null;
      placeP?.catch(() => undefined);
      const again = await cases.byClientId(actor, r.clientId, fingerprint);
      if (again) return { created: false, case: again, photos: await photos.listForCase(actor, again.id) };
      if (!placeP) throw badRequest('case.invalid_location', '经纬度超出范围', { field: 'lon/lat' });
      // a closed point reported flooded again reopens with its history (再次积水), instead of a second point
      const known = await cases.reopenable(actor, kind, lon, lat, r.clientId);
      if (known?.resent) return { created: false, case: await cases.get(actor, known.id), photos: await photos.listForCase(actor, known.id) };
      const place = await placeP;
      const campaign = r.campaignId ? await campaigns.check(actor, r.campaignId, place, lon, lat) : null;
      const now = clock.now();
      const captured = r.capturedAt ? new Date(r.capturedAt) : null;
      const prepared = await photos.prepareAll(
        actor,
        uploads,
        {
          fix: [lon, lat],
          accuracyM: r.accuracy ?? null,
          capturedAt: captured,
          casePoint: null,
          placeText: `${place.townName} ${place.villageName}`,
          caseNo: null,
        },
        declared,
      );
      // a device clock ahead of the server must not lose the report: it was found no later than now
      const foundAt = captured && captured.getTime() < now.getTime() ? captured : now;
      const extra = kind === 'waterlogging' ? { depthCm: r.depthCm } : undefined;
      const input = { kind, extra, lon, lat, source: 'patrol', category: r.category, note: r.note ?? null, clientId: r.clientId, foundAt };
      if (known) return reopenByReport(actor, known.id, r, prepared);
      try {
        // the case and its photos in one transaction; the place and the resend check are not repeated (the unique clientId still decides a race)
        return await photos.withBlobs(prepared, () =>
          db.transaction(async () => {
            const within = campaign
              ? async (c: { id: string }) => {
                  await campaigns.link(c.id, campaign.id);
                  await audit.append(actor, { action: 'campaign.report', entity: 'case', entityId: c.id, after: { campaignId: campaign.id, campaignName: campaign.name } });
                }
              : undefined;
            const made = await cases.createOnce(actor, input, fingerprint, within, { place, clientIdChecked: true });
            const recorded = await photos.insertRows(actor, made.case.id, 'before', prepared);
            return { created: true, case: made.case, photos: photos.listed(recorded) };
          }),
        );
      } catch (e) {
        // a resend that lost the race answers with the case the other send made
        const again = await cases.resendAfterRace(actor, r.clientId, fingerprint, e);
        if (again) return { created: false, case: again, photos: await photos.listForCase(actor, again.id) };
        throw e;
      }
    },

    /** A batch of a patrol track; idempotent per clientId. Points are sorted, bad fixes dropped. */
    async addTrack(actor: Actor, clientId: string, points: TrackPoint[]) {
      if (!PATROLLERS.has(actor.role)) throw forbidden('patrol.forbidden', '当前角色不记录巡查轨迹');
      const fingerprint = contentFingerprint(points);
      const existing = await repo.trackByClientId(clientId);
      if (existing) {
        if (existing.user_id !== actor.id || existing.client_fingerprint !== fingerprint) throw conflict('patrol.client_id_conflict', '同一轨迹编号(clientId)已提交过不同的内容');
        return { created: false, track: presentTrack(existing) };
      }
      const good = points
        .filter((p) => validLonLat(p.lon, p.lat) && !Number.isNaN(Date.parse(p.at)) && (p.accuracy === undefined || p.accuracy <= TRACK_LIMITS.maxAccuracyM))
        .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
      if (good.length < 2) throw badRequest('patrol.too_few_points', '轨迹至少需要两个有效定位点', { field: 'points', valid: good.length });
      const now = clock.now();
      const last = good[good.length - 1];
      if (Date.parse(last.at) > now.getTime() + 10 * 60_000) throw badRequest('patrol.future_points', '轨迹时间晚于当前时间', { field: 'points' });
      let length = 0;
      for (let i = 1; i < good.length; i++) length += metresBetween([good[i - 1].lon, good[i - 1].lat], [good[i].lon, good[i].lat]);
      const wkt = `LINESTRING(${good.map((p) => `${p.lon} ${p.lat}`).join(',')})`;
      return db.transaction(async () => {
        const row = {
          id: randomUUID(),
          client_id: clientId,
          client_fingerprint: fingerprint,
          user_id: actor.id,
          division_path: actor.divisionPath,
          started_at: new Date(good[0].at),
          ended_at: new Date(last.at),
          point_count: good.length,
          length_m: Math.round(length * 10) / 10,
          points: JSON.stringify(good.map((p) => [p.at, p.lon, p.lat, p.accuracy ?? null])),
          created_at: now,
        };
        await repo.insertTrack(row, wkt);
        await audit.append(actor, {
          action: 'patrol.track',
          entity: 'patrol_track',
          entityId: row.id,
          after: { clientId, points: good.length, lengthM: row.length_m, from: row.started_at, to: row.ended_at },
        });
        return { created: true, track: presentTrack(row) };
      });
    },

    /**
     * Patrol coverage per village in a period, inside a jurisdiction: tracks walked, their length in the
     * village, and the share of the village within 50 m of a track (巡查覆盖率).
     */
    async coverage(actor: Actor, from: Date, to: Date, town?: string) {
      if (to <= from) throw badRequest('patrol.invalid_period', '结束时间须晚于开始时间', { field: 'to' });
      const scope = town ? await repo.divisionPath(town) : actor.divisionPath;
      if (!scope) throw badRequest('patrol.unknown_division', `未知行政区划代码: ${town}`, { field: 'town' });
      if (!(scope === actor.divisionPath || scope.startsWith(`${actor.divisionPath}/`))) throw forbidden('patrol.outside_jurisdiction', '该区划不在您的管辖范围内');
      const rows = await repo.coverage(scope, from, to, TRACK_LIMITS.coverageBufferM);
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        bufferM: TRACK_LIMITS.coverageBufferM,
        items: rows.map((x) => ({
          divisionCode: x.code,
          divisionName: x.name,
          townName: x.town_name,
          tracks: x.tracks,
          inspectors: x.inspectors,
          lengthM: x.length_m === null ? 0 : Math.round(Number(x.length_m)),
          coveredShare: x.covered_share === null ? 0 : Math.round(Number(x.covered_share) * 10000) / 10000,
          areaKm2: Math.round(Number(x.area_km2) * 100) / 100,
        })),
      };
    },
  };
}
export type PatrolService = ReturnType<typeof patrolService>;

function presentTrack(t: { id: string; point_count: number; length_m: number; started_at: Date | string; ended_at: Date | string }) {
  return { id: t.id, pointCount: t.point_count, lengthM: Number(t.length_m), startedAt: new Date(t.started_at).toISOString(), endedAt: new Date(t.ended_at).toISOString() };
}
