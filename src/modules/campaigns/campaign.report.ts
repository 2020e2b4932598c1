import { inJurisdiction, type Actor } from '../../platform/auth.js';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, forbidden } from '../../platform/errors.js';
import { chinaDay } from '../settings/work.calendar.js';
import { campaignsRepo, type CampaignRow } from './campaigns.repo.js';

/** Who reports an item in the field. */
export const FIELD_REPORTERS = new Set(['inspector', 'town_officer', 'city_office', 'department']);

/** Inside the campaign's divisions (none: the whole city). */
export const inScopeDivisions = (c: Pick<CampaignRow, 'scope_divisions'>, path: string) =>
  !c.scope_divisions.length || c.scope_divisions.some((code) => path.split('/').includes(code));

const refused = (code: string, message: string, details: Record<string, unknown>) => new AppError(code, 422, message, { field: 'campaignId', ...details });

/**
 * The campaign a patrol report names (专项整治 chosen in the report sheet), checked where the report is made:
 * the campaign exists and runs today, the place is inside the reporter's jurisdiction and inside the
 * campaign's scope (its divisions, and its drawn area when it has one). Each refusal is a 422 with its own
 * code, so a report queued offline that no longer fits says why when it syncs.
 */
export function campaignReportCheck(deps: { db: Database; clock: Clock }) {
  const repo = campaignsRepo(deps.db);
  async function check(actor: Actor, campaignId: string, place: { path: string; townName: string; villageName: string }, lon: number, lat: number) {
    if (!FIELD_REPORTERS.has(actor.role)) throw forbidden('case.create_forbidden', '当前角色不能上报专项整治对象');
    const c = await repo.byId(campaignId);
    if (!c) throw refused('report.campaign_unknown', '所选专项整治不存在,请重新选择或选“不属于专项”', { campaignId });
    const today = chinaDay(deps.clock.now());
    if (today < c.starts_on || today > c.ends_on)
      throw refused('report.campaign_not_running', `专项整治“${c.name}”不在进行中(${c.starts_on} 至 ${c.ends_on})`, { campaignId, startsOn: c.starts_on, endsOn: c.ends_on });
    if (!inJurisdiction(actor, place.path)) throw refused('report.campaign_outside_jurisdiction', '该位置不在您的管辖范围内,不能计入专项整治', { campaignId });
    if (!inScopeDivisions(c, place.path) || (c.scope_area && !(await repo.areaCovers(c.id, lon, lat))))
      throw refused('report.campaign_outside_scope', `该位置(${place.townName}${place.villageName})不在专项整治“${c.name}”的范围内`, { campaignId });
    return c;
  }
  return { check, link: repo.link };
}
export type CampaignReportCheck = ReturnType<typeof campaignReportCheck>;
