import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { inJurisdiction, maskIdNumber, maskPhone, type Actor } from '../../platform/auth.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import type { JobQueue } from '../../platform/jobs.js';
import type { Notifier } from '../../platform/notify.js';
import type { AuditService } from '../audit/audit.service.js';
import type { DivisionsService } from '../divisions/divisions.service.js';
import type { WorkTime } from '../settings/settings.service.js';
import { DEFAULT_RULES } from '../settings/disposal.rules.js';
import type { WorkflowPolicy } from './case.workflow.js';
import type { CasesRepo } from './cases.repo.js';
import type { CaseRow } from './cases.presenter.js';
import { ALERT_TRIGGER_KINDS } from '../alerts/alert.rules.js';
import { KINDS, type ItemKind, type KindDeclaration } from '../../../shared/item-kinds.js';
import { monthMeasuresRepo } from '../index/index-measures.repo.js';

/** What the cases service is built from (see createDeps). */
export interface CasesDeps {
  db: Database;
  clock: Clock;
  casesRepo: CasesRepo;
  divisions: DivisionsService;
  audit: AuditService;
  jobs?: JobQueue;
  /** The working-day calendar, step deadlines and disposal rules (settings module); without it no deadline is set. */
  work?: WorkTime;
  /** Tells the people who must act next (in-app; a 浙政钉 adapter behind the same seam). */
  notifier?: Notifier;
  policy?: WorkflowPolicy;
  casePrefix?: string;
}

/** The declaration of a case's kind (shared/item-kinds.ts). */
export const kindOf = (c: { kind?: string | null }): KindDeclaration => KINDS[(c.kind ?? 'violation') as ItemKind] ?? KINDS.violation;

export const REPORTERS = new Set(['inspector', 'town_officer', 'city_office', 'department']);
export const EDITORS = new Set(['town_officer', 'city_office']);

/** The facts the disposal rules look at, from a case row. */
export function ruleFacts(c: CaseRow) {
  return {
    ownerKind: c.owner_kind,
    onBasicFarmland: c.on_basic_farmland,
    onCultivatedLand: c.on_cultivated_land,
    safetyRisk: c.safety_risk,
    landType: c.land_type,
    use: c.use,
    structure: c.structure,
    areaM2: c.area_m2 === null ? null : Number(c.area_m2),
    floors: c.floors,
    origin: c.origin,
    enterpriseName: c.enterprise_name,
  };
}

/** The slice of a case that the history keeps for "as of" questions. */
function snapshot(c: Record<string, any>) {
  const { location, location_geog, footprint, footprint_geojson, division_name, town_name, ...rest } = c;
  return rest;
}

/**
 * A snapshot as the audit trail keeps it: the owner's ID number and phone masked, so that reading the audit
 * log shows that they changed without showing them (the case's history keeps the values).
 */
function auditView(c: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!c) return c;
  const out = { ...c };
  if ('owner_id_number' in out) out.owner_id_number = maskIdNumber((out.owner_id_number as string | null) ?? null);
  if ('owner_phone' in out) out.owner_phone = maskPhone((out.owner_phone as string | null) ?? null);
  return out;
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

/** What every part of the cases service shares: loading with the access check, recording a change. */
export function casesCore(deps: CasesDeps) {
  const { clock, casesRepo: repo, audit } = deps;
  // the index's month-end summary per village, which a case that changes village makes stale
  const indexMeasures = monthMeasuresRepo(deps.db);
  return {
    /** The disposal rule set in force (the admin edits it in the settings). */
    rules: () => (deps.work ? deps.work.rules() : Promise.resolve(DEFAULT_RULES)),

    /** Loads a case the actor may see; anything outside the jurisdiction is "not found". */
    async load(actor: Actor, id: string): Promise<CaseRow> {
      const c = await repo.byId(id);
      if (!c || !inJurisdiction(actor, c.division_path)) throw notFound('案件', 'case.not_found');
      return c;
    },

    /** Timeline event, history interval and audit record of one change, in the caller's transaction. */
    async recordChange(
      actor: Actor | null,
      before: CaseRow | null,
      after: CaseRow,
      event: { kind: string; from?: string | null; to?: string | null; note?: string | null; data?: Record<string, unknown> },
      action: string,
    ) {
      const now = clock.now();
      const id = after.id;
      if (before && before.division_code !== after.division_code) {
        // the index's county rerun reads the cases that ever changed village by this event (index.repo villageMeasures)
        if (event.kind !== 'division_changed') throw new Error(`a case changes village only with a division_changed event, not ${event.kind}`);
        // its old and new villages' stored index measures, from its first month on (the index counts a case's
        // cumulative figures where it is now, its state at a month's end where it was then: docs/scale.md)
        await indexMeasures.forgetCaseMove(id, before.division_code, after.division_code);
      }
      await repo.recordVersion(
        {
          case_id: id,
          at: now,
          actor_id: actor?.id ?? null,
          kind: event.kind,
          from_status: event.from ?? null,
          to_status: event.to ?? null,
          note: event.note ?? null,
          data: event.data ?? {},
        },
        {
          version: after.version,
          status: after.status,
          disposal_class: after.disposal_class,
          origin: after.origin,
          division_code: after.division_code,
          town_code: after.town_code,
          area_m2: after.area_m2,
          data: snapshot(after),
          kind: after.kind,
        },
      );
      const [b, a] = before ? changedFields(snapshot(before), snapshot(after)) : [null, snapshot(after)];
      await audit.append(actor, { action, entity: 'case', entityId: id, before: auditView(b), after: auditView(a) });
      // the supervision rules read this kind of change: the case is judged again once this commits (modules/alerts)
      // (they watch the handling of illegal buildings: other kinds of item are not theirs)
      if (ALERT_TRIGGER_KINDS.has(event.kind) && kindOf(after).countsAsViolation) await deps.jobs?.enqueue('alerts.evaluate', { caseId: id });
      return after;
    },

    /** Applies an optimistic update and returns the whole new case (names and point carry over). */
    async apply(before: CaseRow, patch: Record<string, unknown>, footprint?: unknown | null): Promise<CaseRow> {
      const row = await repo.update(before.id, before.version, patch, footprint);
      if (!row) throw conflict('case.version_conflict', '案件已被他人修改,请刷新后重试');
      return { ...before, ...row, footprint_geojson: footprint !== undefined ? footprint : before.footprint_geojson };
    },

    /** Refuses polygons PostGIS calls invalid (self-intersections, too few points …) with the reason. */
    async assertValidPolygon(geojson: unknown) {
      const g = geojson as { type?: string };
      if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon'))
        throw badRequest('case.invalid_footprint', '占地范围须为 GeoJSON Polygon 或 MultiPolygon', { field: 'footprint' });
      let r: Awaited<ReturnType<typeof repo.polygonValidity>>;
      try {
        r = await repo.polygonValidity(geojson);
      } catch {
        throw badRequest('case.invalid_footprint', '占地范围不是有效的 GeoJSON 几何', { field: 'footprint' });
      }
      if (!r?.valid) throw badRequest('case.invalid_footprint', `占地范围多边形无效:${r?.reason ?? ''}`, { field: 'footprint', reason: r?.reason });
    },
  };
}
export type CasesCore = ReturnType<typeof casesCore>;
