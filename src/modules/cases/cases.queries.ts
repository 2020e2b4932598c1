import { mayRevealPersonalData, type Actor } from '../../platform/auth.js';
import { badRequest, forbidden } from '../../platform/errors.js';
import { suggestDisposal } from '../settings/disposal.rules.js';
import { availableActions } from './case.workflow.js';
import type { CaseStatus } from './cases.enums.js';
import type { CaseFilter, CaseSort } from './cases.repo.js';
import type { CaseFilterInput } from './cases.filter.js';
import { presentCase, presentCaseListItem, presentCaseRecord } from './cases.presenter.js';
import { KINDS, type ItemKind } from '../../../shared/item-kinds.js';
import { kindOf, ruleFacts, type CasesCore, type CasesDeps } from './cases.core.js';

/** Reading cases: one case's page, the filtered list. */
export function casesQueries(deps: CasesDeps, core: CasesCore) {
  const { clock, casesRepo: repo, audit } = deps;
  const { load, rules } = core;

  /** One case with its timeline, external references, duplicate marks, the suggested class and what the actor may do. */
  async function get(actor: Actor, id: string) {
    const c = await load(actor, id);
    const [events, refs, candidates] = await Promise.all([repo.events(id), repo.externalRefs(id), repo.candidatesOf(id)]);
    const record = presentCaseRecord(actor, { events, refs, candidates });
    return {
      // the disposal rules are about illegal buildings: another kind gets no suggestion
      suggestion: kindOf(c).kind === 'violation' ? suggestDisposal(ruleFacts(c), await rules()) : { disposalClass: null, reasons: [] },
      duplicateCandidates: record.duplicateCandidates,
      ...presentCase(actor, c),
      externalRefs: record.externalRefs,
      timeline: record.timeline,
      allowedActions: availableActions(actor.role, c.status as CaseStatus, kindOf(c).kind),
    };
  }

  /** A shared filter for this actor: jurisdiction applied, the division code resolved to its subtree. */
  async function resolveFilter(actor: Actor, filter: CaseFilterInput): Promise<CaseFilter> {
    let divisionPath: string | undefined;
    if (filter.division) {
      const path = await repo.divisionPath(filter.division);
      if (!path) throw badRequest('case.unknown_division', `未知行政区划代码: ${filter.division}`, { field: 'division' });
      divisionPath = path;
    }
    const { overdue, ...rest } = filter;
    return {
      ...rest,
      reportedBy: filter.reportedBy === 'me' ? actor.id : filter.reportedBy,
      division: divisionPath,
      overdueBefore: overdue ? clock.now() : undefined,
      scopePath: actor.divisionPath,
    };
  }

  async function list(actor: Actor, filter: CaseFilterInput, sort: CaseSort, desc: boolean, limit: number, offset: number) {
    const { items, total } = await repo.list(await resolveFilter(actor, filter), sort, desc, limit, offset);
    return {
      total,
      items: items.map(presentCaseListItem),
    };
  }

  /**
   * The owner's ID number and phone in full, for the roles that act on them, inside their jurisdiction
   * (outside it the case is "not found"); every look is on the audit trail with the fields it showed (查询留痕).
   */
  async function revealPersonalData(actor: Actor, id: string, reason?: string) {
    if (!mayRevealPersonalData(actor.role)) throw forbidden('case.personal_data_forbidden', '只有镇街专员和市三改一拆办可以查看当事人完整信息');
    const c = await load(actor, id);
    const fields = [c.owner_id_number !== null && 'ownerIdNumber', c.owner_phone !== null && 'ownerPhone'].filter((f): f is string => !!f);
    await audit.append(actor, { action: 'case.personal_data_viewed', entity: 'case', entityId: id, after: { caseNo: c.case_no, fields, reason: reason?.trim() || null } });
    // 查询留痕 is judged by the supervision rules (modules/alerts) once the grace time to act on the case is over
    const viewedAt = clock.now();
    if (deps.jobs) {
      const graceHours = (await repo.personalDataGraceHours()) ?? 0;
      await deps.jobs.enqueue('alerts.evaluate', { caseId: id }, new Date(viewedAt.getTime() + graceHours * 3600_000));
    }
    return { caseId: id, ownerName: c.owner_name, ownerIdNumber: c.owner_id_number, ownerPhone: c.owner_phone, viewedAt };
  }

  /**
   * Where a report of a kind that reopens (积水点: shared/item-kinds.ts `reopenRadiusM`) lands on an item
   * already known: the closed one it floods again, or the one this report (clientId) reopened before.
   */
  async function reopenable(actor: Actor, kind: ItemKind, lon: number, lat: number, clientId: string) {
    const radius = KINDS[kind].reopenRadiusM;
    if (!radius) return undefined;
    return repo.reopenable(kind, lon, lat, radius, actor.divisionPath, clientId);
  }

  return { get, resolveFilter, list, revealPersonalData, reopenable };
}
