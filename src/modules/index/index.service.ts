import { randomInt, randomUUID } from 'node:crypto';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import type { JobQueue } from '../../platform/jobs.js';
import { inJurisdiction, type Actor } from '../../platform/auth.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { COLORS, validateDefinition, type AGGREGATIONS, type Color, type DefinitionProblem, type IndexDefinition, type Level, type NORMALISATIONS } from './index.definition.js';
import { definitionChanges } from './index.diff.js';
import { DEFAULT_DEFINITION } from './index.default.js';
import { computeIndex, type IndicatorStatus, type MeasureStatus, type PeriodInput, type UnitInput, type UnitResult } from './index.engine.js';
import { exportRunXlsx } from './index.export.js';
import { MEASURES } from './index.measures.js';
import { flowWindowStart, parsePeriod, previousPeriod, type Period } from './index.period.js';
import type { IndexRepo, VillageMeasureRow } from './index.repo.js';
import { INDEX_SETTLE_DAYS, monthMeasuresRepo, type MonthMeasuresRepo } from './index-measures.repo.js';
import { presentResult, presentRun, presentTrendPoint } from './index.presenter.js';
import { countyOfPath } from '../divisions/division.levels.js';

/** Who may start a run (the city's 三改一拆办 and admins) and save a definition (admins). */
const RUNNERS = new Set(['city_office', 'admin']);
const DEFINERS = new Set(['admin']);

/** Read at every run, never stored: the division's own figures, and patrol tracks (a phone may send a track days after it was walked). */
const LIVE_MEASURES = new Set(['population', 'land_area_km2', 'boundary_area_km2', 'patrol_track_count', 'covered_km2']);
/** Beyond this many counties with missing rows, one statement over the whole registry instead of one per county. */
const SCOPED_COUNTIES_MAX = 8;

/**
 * The version of what villageMeasures computes: raise it when the statement's meaning changes, so that rows stored
 * by the old statement are no longer read (they stay under the old key).
 */
const MEASURES_STATEMENT_VERSION = 1;

/** The key of a definition's parameters (and of the statement's version) in index_month_measures ('v1f12q120r90'). */
export function measureParamsKey(def: IndexDefinition): string {
  return `v${MEASURES_STATEMENT_VERSION}f${def.params.flowWindowMonths}q${def.params.quickRemovalDays}r${def.params.redecisionDays}`;
}

/** The measures a stored row must hold: every one with a source, less those read at every run. */
const STORED_MEASURES = MEASURES.filter((m) => m.available && !LIVE_MEASURES.has(m.id)).map((m) => m.id);

/** A division path's county part ('33/3304/330482/330482102/…' → '33/3304/330482'). */
function countyPathOf(path: string): string {
  const parts = path.split('/');
  const code = countyOfPath(path);
  return parts.slice(0, parts.indexOf(code) + 1).join('/');
}

export interface RunRequest {
  period: string;
  /** A county's rerun: that county's stored measures of the period are computed again (the rest read as stored). */
  county?: string;
  seed?: number;
  normalisation?: (typeof NORMALISATIONS)[number];
  aggregation?: (typeof AGGREGATIONS)[number];
  draws?: number;
}

export function indexService(deps: {
  db: Database;
  clock: Clock;
  repo: IndexRepo;
  /** The month-end summary (default: on `db`). */
  measuresRepo?: MonthMeasuresRepo;
  audit: AuditService;
  jobs: JobQueue;
}) {
  const { db, clock, repo, audit, jobs } = deps;
  const measuresRepo = deps.measuresRepo ?? monthMeasuresRepo(db);
  const settleDays = INDEX_SETTLE_DAYS;

  /** The latest definition; the shipped default becomes version 1 the first time one is needed. */
  async function latest() {
    let d = await repo.latestDefinition();
    if (!d) {
      await repo.insertDefinition({ label: DEFAULT_DEFINITION.label, body: DEFAULT_DEFINITION, note: '系统默认指标体系', created_by: null, created_at: clock.now() }, 1);
      d = (await repo.latestDefinition())!;
    }
    return d;
  }

  /** Whether a period ended at least the settling days ago (its measures may be stored). */
  const settled = (p: Period) => p.end.getTime() + settleDays * 86400_000 <= clock.now().getTime();

  /**
   * Every village's measures of a period. A settled period's are read from index_month_measures where stored; the
   * missing villages are computed by the registry statement scoped to their counties (or unscoped when most are
   * missing) and, with `store`, stored. The division's own figures and patrol coverage are read each time.
   */
  async function villageRows(def: IndexDefinition, p: Period, store: boolean): Promise<{ rows: VillageMeasureRow[]; stored: number; computed: number }> {
    const args = {
      end: p.end,
      periodStart: p.start,
      flowStart: flowWindowStart(p, def.params.flowWindowMonths),
      quickRemovalDays: def.params.quickRemovalDays,
      redecisionDays: def.params.redecisionDays,
    };
    if (!settled(p)) {
      const rows = await repo.villageMeasures(args);
      return { rows, stored: 0, computed: rows.length };
    }
    const params = measureParamsKey(def);
    const [villages, stored] = await Promise.all([repo.villages(), measuresRepo.stored(p.key, params)]);
    // a row without a measure added since it was stored is computed again
    const byCode = new Map(stored.filter((r) => STORED_MEASURES.every((id) => id in r.measures)).map((r) => [r.division_code, r.measures]));
    const missing = villages.filter((v) => !byCode.has(v.code));
    if (missing.length) {
      const snapshot = await measuresRepo.snapshot();
      const counties = [...new Set(missing.map((v) => countyPathOf(v.path)))];
      const computed =
        missing.length === villages.length || counties.length > SCOPED_COUNTIES_MAX
          ? await repo.villageMeasures(args, null, false)
          : (await Promise.all(counties.map((c) => repo.villageMeasures(args, c, false)))).flat();
      const want = new Map(missing.map((v) => [v.code, v.path]));
      const fresh = computed
        .filter((r) => want.has(r.code))
        .map((r) => ({
          division_code: r.code,
          county_code: countyOfPath(want.get(r.code)!),
          measures: Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'code' && k !== 'parent_code' && k !== 'name' && !LIVE_MEASURES.has(k))) as Record<
            string,
            number | null
          >,
        }));
      for (const f of fresh) byCode.set(f.division_code, f.measures);
      if (store) {
        await db.transaction(() => measuresRepo.store({ period: p.key, periodEnd: p.end, params, snapshot }, fresh));
        await measuresRepo.pruneForgotten();
      }
    }
    const cov = new Map((await repo.patrolCoverage(p.start, p.end)).map((c) => [c.code, c]));
    const rows = villages.map((v) => {
      const c = cov.get(v.code);
      return {
        code: v.code,
        parent_code: v.parent_code,
        name: v.name,
        population: v.population,
        land_area_km2: v.land_area_km2,
        boundary_area_km2: v.boundary_area_km2,
        ...byCode.get(v.code),
        patrol_track_count: c ? Number(c.tracks) : 0,
        covered_km2: c ? Number(c.covered_km2) : 0,
      } as VillageMeasureRow;
    });
    return { rows, stored: villages.length - missing.length, computed: missing.length };
  }

  /** Measures for every village and town of one period, and which measures are usable in it. */
  async function periodInput(def: IndexDefinition, p: Period, opts: { store?: boolean; counts?: { stored: number; computed: number } } = {}): Promise<PeriodInput> {
    const got = await villageRows(def, p, opts.store ?? false);
    if (opts.counts) Object.assign(opts.counts, { stored: got.stored, computed: got.computed });
    const rows = got.rows;
    const towns = await repo.towns();
    const measured = MEASURES.filter((m) => m.available);
    const villages: UnitInput[] = rows.map((r) => ({
      code: r.code,
      name: r.name,
      level: 'village',
      parentCode: r.parent_code,
      measures: Object.fromEntries(measured.map((m) => [m.id, r[m.id] === null || r[m.id] === undefined ? null : Number(r[m.id])])),
    }));
    const townUnits: UnitInput[] = towns.map((t) => {
      const own = villages.filter((v) => v.parentCode === t.code);
      const measures: Record<string, number | null> = {};
      for (const m of measured) {
        if (m.attribute) continue;
        measures[m.id] = own.reduce((s, v) => s + (v.measures[m.id] ?? 0), 0);
      }
      measures.population = t.population === null ? null : Number(t.population);
      measures.land_area_km2 = t.land_area_km2 === null ? null : Number(t.land_area_km2);
      return { code: t.code, name: t.name, level: 'town', parentCode: null, measures };
    });
    const measureStatus: Record<string, MeasureStatus> = {};
    for (const m of MEASURES) {
      if (!m.available) measureStatus[m.id] = 'no_source';
      else if (m.stream && villages.every((v) => !v.measures[m.stream!.measure])) measureStatus[m.id] = 'no_data_in_period';
      else measureStatus[m.id] = 'ok';
    }
    return { units: [...townUnits, ...villages], measureStatus };
  }

  /** The steps of a run, in order: this period's measures, the previous period's (when no finished run has them), the engine with its Monte Carlo, writing the results. */
  const RUN_STEPS = ['measures', 'previous', 'engine', 'saving'] as const;

  /** 422 with every problem (path, zh-CN reason) in `details.problems`: the editor marks each field. */
  function checkDefinition(body: unknown): IndexDefinition {
    const problems: DefinitionProblem[] = validateDefinition(body);
    if (problems.length) throw new AppError('index.invalid_definition', 422, `指标体系有 ${problems.length} 处问题:${problems.map((p) => p.message).join(';')}`, { problems });
    return body as IndexDefinition;
  }

  /** A stored version as the API shows it (who saved it by name; the shipped default by nobody). */
  function presentVersion(d: { version: number; label: string; note: string | null; created_at: Date | string; body: unknown }, createdByName: string | null) {
    return { version: d.version, label: d.label, note: d.note, createdAt: new Date(d.created_at).toISOString(), createdByName, definition: d.body as IndexDefinition };
  }

  /** Runs are city-wide; what a user sees of one is filtered by jurisdiction at the results. */
  async function findRun(id: string) {
    const run = await repo.run(id);
    if (!run) throw notFound('指数计算', 'index.run_not_found');
    return run;
  }

  return {
    /** The measures of one period as the engine takes them (also for benchmarks and exploration). */
    periodInput,

    async currentDefinition() {
      const d = await latest();
      return presentVersion(d, d.created_by ? await repo.userName(d.created_by) : null);
    },

    /** One saved version (an older one is looked at, or taken as the draft of a new one). */
    async definitionVersion(version: number) {
      await latest();
      const d = await repo.definition(version);
      if (!d) throw notFound(`指标体系第 ${version} 版`, 'index.definition_not_found');
      return presentVersion(d, d.created_by ? await repo.userName(d.created_by) : null);
    },

    async definitionHistory() {
      await latest();
      return {
        items: (await repo.definitions()).map((d) => ({
          version: d.version,
          label: d.label,
          note: d.note,
          createdBy: d.created_by,
          createdByName: d.created_by_name ?? null,
          createdAt: new Date(d.created_at).toISOString(),
        })),
      };
    },

    /**
     * What an edited definition would do to the last finished period, without saving anything: the period of
     * the latest complete run, its measures computed as a run computes them (with the edited parameters), the
     * engine run with the edited definition (no Monte Carlo: colours do not depend on it), each unit's colour
     * and score next to the one that run gave. Plus the edits against the current version, line by line.
     */
    async previewDefinition(actor: Actor, body: unknown) {
      if (!DEFINERS.has(actor.role)) throw forbidden('index.definition_forbidden', '只有系统管理员可以修改指标体系');
      const def = checkDefinition(body);
      const run = await repo.latestCompleteRun();
      if (!run) throw conflict('index.preview_no_run', '还没有已结束期间的指数计算结果,无法预览。请先由市三改一拆办(或系统管理员)在治理指数页计算上一个月。');
      const p = parsePeriod(run.period)!;
      const [cur, stored, current] = await Promise.all([latest(), repo.scores(run.id), periodInput(def, p)]);
      const out = computeIndex({ definition: def, current, seed: Number(run.seed), method: { draws: 0 } });
      const before = new Map(stored.map((x) => [x.division_code, { score: Number(x.score), color: x.color as Color }]));
      const townNames = new Map(current.units.filter((u) => u.level === 'town').map((u) => [u.code, u.name]));
      const zero = () => Object.fromEntries(COLORS.map((c) => [c, 0])) as Record<Color, number>;
      const levels = {} as Record<
        Level,
        { units: number; before: Record<Color, number>; after: Record<Color, number>; better: number; worse: number; excluded: { id: string; status: IndicatorStatus }[] }
      >;
      for (const level of ['town', 'village'] as const) {
        const b = zero();
        for (const x of stored) if (x.level === level) b[x.color as Color]++;
        levels[level] = {
          units: out.levels[level].units,
          before: b,
          after: out.levels[level].colors,
          better: 0,
          worse: 0,
          excluded: out.levels[level].indicators.filter((i) => i.status !== 'included' && i.status !== 'not_applicable').map((i) => ({ id: i.id, status: i.status })),
        };
      }
      const changed = [];
      for (const r of out.results) {
        const was = before.get(r.divisionCode);
        if (!was || was.color === r.color) continue;
        const step = COLORS.indexOf(r.color) - COLORS.indexOf(was.color);
        if (step < 0) levels[r.level].better++;
        else levels[r.level].worse++;
        changed.push({
          divisionCode: r.divisionCode,
          name: r.name,
          level: r.level,
          townName: r.parentCode ? (townNames.get(r.parentCode) ?? null) : null,
          before: was.color,
          after: r.color,
          scoreBefore: was.score,
          scoreAfter: r.score,
          redLines: r.redLines.map((x) => x.id),
        });
      }
      // towns first; the largest moves first, then the lowest new score
      changed.sort(
        (x, y) =>
          (x.level === 'town' ? 0 : 1) - (y.level === 'town' ? 0 : 1) ||
          Math.abs(COLORS.indexOf(y.after) - COLORS.indexOf(y.before)) - Math.abs(COLORS.indexOf(x.after) - COLORS.indexOf(x.before)) ||
          x.scoreAfter - y.scoreAfter,
      );
      return {
        run: {
          id: run.id,
          period: run.period,
          definitionVersion: run.definition_version,
          finishedAt: run.finished_at ? new Date(run.finished_at).toISOString() : null,
        },
        currentVersion: cur.version,
        changes: definitionChanges(cur.body as IndexDefinition, def),
        levels,
        changed,
      };
    },

    /**
     * Saves a new definition version after validation; every problem is named in `details.problems`. With
     * `baseVersion` (the editor sends the version it started from) a save over someone else's newer version is
     * refused instead of silently undoing it. The audit record lists every edit (原值 → 新值).
     */
    async saveDefinition(actor: Actor, body: unknown, note: string | null, baseVersion?: number) {
      if (!DEFINERS.has(actor.role)) throw forbidden('index.definition_forbidden', '只有系统管理员可以修改指标体系');
      const def = checkDefinition(body);
      const cur = await latest();
      if (baseVersion !== undefined && baseVersion !== cur.version)
        throw conflict('index.definition_conflict', `指标体系已被他人保存为第 ${cur.version} 版(您是在第 ${baseVersion} 版上修改的),请刷新后在最新版本上修改`, {
          currentVersion: cur.version,
        });
      if (canonical(cur.body) === canonical(def)) throw new AppError('index.definition_unchanged', 422, `与当前第 ${cur.version} 版完全相同,无需保存`);
      return db.transaction(async () => {
        // the next number after the version compared with: a save in between takes it first, and this one is refused
        const version = await repo.insertDefinition({ label: def.label, body: def, note, created_by: actor.id, created_at: clock.now() }, cur.version + 1);
        if (version === null) throw conflict('index.definition_conflict', '指标体系刚被他人修改,请刷新后重试');
        await audit.append(actor, {
          action: 'index.definition_save',
          entity: 'index_definition',
          entityId: String(version),
          // the version it replaces is the one before (entityId − 1)
          before: { versionNote: cur.note },
          after: { versionNote: note, changes: definitionChanges(cur.body as IndexDefinition, def) },
        });
        return { version };
      });
    },

    /** Queues a run for a period with the latest definition; the job computes it. */
    async startRun(actor: Actor, req: RunRequest) {
      if (!RUNNERS.has(actor.role)) throw forbidden('index.run_forbidden', '只有市三改一拆办或系统管理员可以发起指数计算');
      const p = parsePeriod(req.period);
      if (!p) throw badRequest('index.invalid_period', '期间格式须为 YYYY-MM(月)或 YYYY-Qn(季度)', { field: 'period' });
      const now = clock.now();
      if (p.start.getTime() > now.getTime()) throw new AppError('index.future_period', 422, `期间 ${req.period} 尚未开始`, { field: 'period' });
      let county: { code: string; name: string } | null = null;
      if (req.county !== undefined) {
        const c = await repo.county(req.county);
        if (!c) throw badRequest('index.invalid_county', `${req.county} 不是县(市、区)的区划代码`, { field: 'county' });
        if (!settled(p)) throw new AppError('index.county_rerun_unsettled', 422, `期间 ${p.key} 结束未满 ${settleDays} 天,其数据尚未固定,请直接计算全市`, { field: 'county' });
        county = { code: c.code, name: c.name };
      }
      const d = await latest();
      const seed = req.seed ?? randomInt(0, 2 ** 32 - 1);
      const id = randomUUID();
      const options = {
        normalisation: req.normalisation ?? null,
        aggregation: req.aggregation ?? null,
        draws: req.draws ?? null,
        ...(county ? { county: county.code } : {}),
      };
      await db.transaction(async () => {
        await repo.insertRun({
          id,
          period: p.key,
          period_start: p.start,
          period_end: p.end,
          definition_version: d.version,
          definition: d.body,
          options,
          seed,
          requested_by: actor.id,
          requested_at: now,
        });
        await jobs.enqueue('index.run', { runId: id });
        await audit.append(actor, {
          action: 'index.run_start',
          entity: 'index_run',
          entityId: id,
          after: { period: p.key, definitionVersion: d.version, seed, options, ...(county ? { county: county.code, countyName: county.name } : {}) },
        });
      });
      return { id, status: 'queued' as const };
    },

    /** Job: computes a run and writes its results in one transaction. Idempotent: a rerun replaces them. */
    async execute(runId: string) {
      const run = await repo.run(runId);
      if (!run || run.status === 'done') return;
      const t0 = Date.now();
      // where a running run is, for the screen (kept in `summary` until the results replace it)
      const step = (n: number, name: (typeof RUN_STEPS)[number]) =>
        repo.setRunStatus(runId, { status: 'running', summary: { progress: { step: n, steps: RUN_STEPS.length, name, at: new Date().toISOString() } } });
      await repo.setRunStatus(runId, { status: 'running', started_at: new Date(), error: null });
      try {
        await step(1, 'measures');
        const def = run.definition as IndexDefinition;
        const p = parsePeriod(run.period)!;
        const prev = previousPeriod(p);
        const opts = run.options as {
          normalisation: RunRequest['normalisation'] | null;
          aggregation: RunRequest['aggregation'] | null;
          draws: number | null;
          county?: string;
        };
        // a county's rerun: its villages' stored measures of the period are computed again (a correction it asked for)
        if (opts.county) await measuresRepo.forgetCounty(p.key, opts.county);
        const counts = { stored: 0, computed: 0 };
        const current = await periodInput(def, p, { store: true, counts });
        // the change columns: from the previous period's finished run with the same definition and method
        // (a finished period's history no longer changes), else computed here
        const prevRun = await repo.finishedRun(prev.key, run.definition_version, { normalisation: opts.normalisation, aggregation: opts.aggregation });
        const previousResults = prevRun ? new Map((await repo.scores(prevRun.id)).map((x) => [x.division_code, { score: Number(x.score), rank: x.rank, color: x.color }])) : null;
        if (!previousResults) await step(2, 'previous');
        const previous = previousResults ? null : await periodInput(def, prev, { store: true });
        const tSql = Date.now() - t0;
        await step(3, 'engine');
        const t1 = Date.now();
        const out = computeIndex({
          definition: def,
          current,
          previous,
          previousResults,
          seed: Number(run.seed),
          method: { normalisation: opts.normalisation ?? undefined, aggregation: opts.aggregation ?? undefined, draws: opts.draws ?? undefined },
        });
        const tEngine = Date.now() - t1;
        await step(4, 'saving');
        const paths = await repo.divisionPaths();
        await db.transaction(async () => {
          await repo.deleteResults(runId);
          await repo.insertResults(
            out.results.map((r) => ({
              run_id: runId,
              division_code: r.divisionCode,
              level: r.level,
              parent_code: r.parentCode,
              division_path: paths.get(r.divisionCode)!,
              score: r.score,
              rank: r.rank,
              rank_in_town: r.rankInTown,
              color: r.color,
              detail: r,
            })),
          );
          await repo.setRunStatus(runId, {
            status: 'done',
            finished_at: new Date(),
            summary: {
              method: out.method,
              levels: out.levels,
              measureStatus: current.measureStatus,
              previousPeriod: prev.key,
              previousRun: prevRun?.id ?? null,
              flowWindowStart: flowWindowStart(p, def.params.flowWindowMonths).toISOString(),
              // villages whose measures were read from index_month_measures, and those computed from the registry
              monthMeasures: { stored: counts.stored, computed: counts.computed, county: opts.county ?? null },
              // a period that has not ended yet is computed as of now
              partial: p.end.getTime() > clock.now().getTime(),
              timingsMs: { measures: tSql, engine: tEngine, total: Date.now() - t0 },
            },
          });
        });
      } catch (err) {
        await repo.setRunStatus(runId, { status: 'failed', error: err instanceof Error ? err.message.slice(0, 2000) : String(err), finished_at: new Date() });
        throw err;
      }
    },

    async getRun(actor: Actor, id: string) {
      const run = await findRun(id);
      return { ...presentRun(run), definition: run.definition as IndexDefinition };
    },

    async listRuns(_actor: Actor, period: string | null, limit: number) {
      if (period !== null && !parsePeriod(period)) throw badRequest('index.invalid_period', '期间格式须为 YYYY-MM(月)或 YYYY-Qn(季度)', { field: 'period' });
      return { items: (await repo.runs(period, limit)).map(presentRun) };
    },

    /** A run's results at one level, inside the actor's jurisdiction (a town sees itself and its villages). */
    async results(actor: Actor, id: string, level: Level) {
      const run = await findRun(id);
      if (run.status !== 'done') throw conflict('index.run_not_done', run.status === 'failed' ? `该次计算失败:${run.error ?? ''}` : '计算尚未完成,请稍候', { status: run.status });
      const rows = await repo.results(id, level, actor.divisionPath);
      return { run: presentRun(run), items: rows.map(presentResult) };
    },

    /** The run as an Excel workbook (one sheet per level, inside the actor's jurisdiction). */
    async exportRun(actor: Actor, id: string) {
      const run = await findRun(id);
      if (run.status !== 'done') throw conflict('index.run_not_done', '计算尚未完成,请稍候', { status: run.status });
      const [towns, villages, names] = await Promise.all([repo.results(id, 'town', actor.divisionPath), repo.results(id, 'village', actor.divisionPath), repo.towns()]);
      const summary = run.summary as { levels: Record<Level, { indicators: { id: string; status: IndicatorStatus }[] }>; previousPeriod?: string };
      const buf = await exportRunXlsx({
        period: run.period,
        definitionVersion: run.definition_version,
        definition: run.definition as IndexDefinition,
        finishedAt: run.finished_at ? new Date(run.finished_at).toISOString() : null,
        seed: Number(run.seed),
        previousPeriod: summary.previousPeriod ?? null,
        indicatorStatus: {
          town: new Map(summary.levels.town.indicators.map((i) => [i.id, i.status])),
          village: new Map(summary.levels.village.indicators.map((i) => [i.id, i.status])),
        },
        towns: towns.map((r) => r.detail as UnitResult),
        villages: villages.map((r) => r.detail as UnitResult),
        // a town's name as this run computed it (today's for a town the run has no row of)
        townNames: new Map([...names.map((t) => [t.code, t.name] as const), ...towns.map((r) => [r.division_code, (r.detail as UnitResult).name] as const)]),
      });
      await audit.append(actor, {
        action: 'index.export',
        entity: 'index_run',
        entityId: id,
        after: { period: run.period, format: 'xlsx', count: towns.length + villages.length },
      });
      return { filename: `无违建治理指数-${run.period}.xlsx`, buffer: buf };
    },

    /**
     * A town's or village's score, rank and colour period by period (months and quarters), for its trend; each point
     * with the division as its run computed it. Inside the jurisdiction: today's, and each point's own path then.
     */
    async trend(actor: Actor, code: string) {
      const path = await repo.divisionPath(code);
      if (!path || !inJurisdiction(actor, path)) throw notFound('该区划', 'index.division_not_found');
      const rows = await repo.trend(code);
      return {
        items: rows.filter((r) => inJurisdiction(actor, r.division_path)).map(presentTrendPoint),
      };
    },

    /** One unit's result with the definition it was graded by (the unit page). */
    async unitResult(actor: Actor, id: string, code: string) {
      const run = await findRun(id);
      if (run.status !== 'done') throw conflict('index.run_not_done', '计算尚未完成,请稍候', { status: run.status });
      const row = await repo.result(id, code);
      if (!row || !inJurisdiction(actor, row.division_path)) throw notFound('该区划的指数结果', 'index.result_not_found');
      return { run: presentRun(run), definition: run.definition as IndexDefinition, result: presentResult(row) };
    },
  };
}
export type IndexService = ReturnType<typeof indexService>;

/** JSON with its keys sorted (a stored jsonb document comes back with its keys in another order). */
function canonical(x: unknown): string {
  return JSON.stringify(x, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
