import { createHash } from 'node:crypto';
import type { Database } from '../../db/database.js';
import type { Actor } from '../../platform/auth.js';
import type { Clock } from '../../platform/clock.js';
import type { JobQueue } from '../../platform/jobs.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { casesCore } from '../cases/cases.core.js';
import type { CasesRepo } from '../cases/cases.repo.js';
import type { DivisionInput, DivisionsRepo } from '../divisions/divisions.repo.js';
import type { DivisionsService } from '../divisions/divisions.service.js';
import type { UsersRepo } from '../users/users.repo.js';
import type { UsersService } from '../users/users.service.js';
import { readBoundaryFile, type BoundaryReadOptions } from './boundary.read.js';
import { readDivisionCsv, type CsvDivision, type CsvRowProblem } from './division.csv.js';
import type { BoundaryDiff, CaseMove, SetupRepo } from './setup.repo.js';
import { monthMeasuresRepo } from '../index/index-measures.repo.js';

export interface SetupInput {
  /** 统计用区划代码 CSV: the division tree. */
  divisions?: { filename: string; bytes: Uint8Array; encoding?: string | null; county?: string | null } | null;
  /** GeoJSON or zipped Shapefile: the boundaries. */
  boundaries?: ({ filename: string; bytes: Uint8Array } & BoundaryReadOptions) | null;
  /** The first administrator (jurisdiction: the county). The password is never part of the report. */
  admin?: { username: string; password: string; displayName?: string | null } | null;
}

export interface FeatureFate {
  n: number;
  code: string | null;
  name: string | null;
  /** added: a first boundary; moved: replaces a different one; unchanged; refused: not used (reason); skipped: another county's. */
  fate: 'added' | 'moved' | 'unchanged' | 'refused' | 'skipped';
  reason: string | null;
  /** ST_IsValidReason of a geometry that was repaired with ST_MakeValid. */
  repaired: string | null;
  /** The name in the file differs from the division's. */
  nameWarning: string | null;
  areaM2: number | null;
  changedM2: number | null;
}

export interface BoundaryChange {
  code: string;
  level: string;
  name: string;
  oldAreaM2: number | null;
  newAreaM2: number | null;
  changedM2: number | null;
  /** Drawn as the union of this many children (the file has no feature of its own for it). */
  derivedFrom: number | null;
}

/** A case the new boundaries put in another village (toCode null: in none). */
export interface CaseMoveItem {
  id: string;
  caseNo: string;
  fromCode: string;
  fromName: string;
  toCode: string | null;
  toName: string | null;
}

export interface SetupReport {
  /** Written (false for a dry run, or when a problem stopped it). */
  applied: boolean;
  /** Problems that stop the apply: every one is listed in its section. */
  blocked: boolean;
  /** An apply found the database changed since the preview it was given (`expect`): nothing written. */
  stale: boolean;
  /** What an apply writes, as a digest (give it back as `expect` to apply exactly the preview). */
  fingerprint: string;
  /** How many things an apply writes (or wrote): 0 means the database already says what the files say. */
  changes: number;
  county: { code: string; name: string } | null;
  divisions: {
    file: string;
    encoding: string;
    rows: number;
    above: { code: string; name: string; level: string }[];
    /** The province and prefecture rows are in the tree (loaded now or before). */
    aboveKept: boolean;
    /** Why the rows above the county were not loaded, when they were not. */
    aboveNote: string | null;
    otherCounties: number;
    problems: CsvRowProblem[];
    added: { code: string; level: string; name: string }[];
    renamed: { code: string; from: string; to: string }[];
    unchanged: number;
    notInFile: { code: string; name: string }[];
  } | null;
  boundaries: {
    file: string;
    format: string;
    crs: { id: string; label: string; from: string };
    encoding: string | null;
    codeField: string | null;
    nameField: string | null;
    problem: string | null;
    features: FeatureFate[];
    added: BoundaryChange[];
    moved: BoundaryChange[];
    unchanged: number;
    removed: BoundaryChange[];
  } | null;
  cases: { moved: CaseMoveItem[]; outside: CaseMoveItem[] };
  admin: { username: string; status: 'created' | 'exists' | 'refused'; reason: string | null } | null;
  problems: string[];
}

class Rollback extends Error {
  constructor(readonly report: SetupReport) {
    super('setup: rolled back');
  }
}

/** The tables that record a division path, as people call what they hold. */
const PATH_TABLES: Record<string, string> = {
  cases: '案件',
  patrol_tracks: '巡查轨迹',
  index_results: '指数结果',
  supervision_notices: '督办单',
  case_imports: '台账导入',
  alerts: '预警',
  patches: '图斑',
  external_points: '上级点位',
};

const LEVEL_OF = { province: 'province', prefecture: 'prefecture', county: 'city', town: 'town', village: 'village' } as const;

/**
 * 上线: loads a county's division tree, its boundaries and its first administrator into the database. Everything
 * is done in one transaction: a dry run does all of it and rolls back, so its report is exactly what an apply
 * writes; a problem anywhere (a bad row, a feature that cannot be used, a case the new boundaries leave outside
 * every village) rolls everything back. Running it again with the same files writes nothing.
 */
export function setupService(deps: {
  db: Database;
  clock: Clock;
  jobs: JobQueue;
  repo: SetupRepo;
  divisionsRepo: DivisionsRepo;
  divisions: DivisionsService;
  casesRepo: CasesRepo;
  usersRepo: UsersRepo;
  users: UsersService;
  audit: AuditService;
}) {
  const { db, repo, audit } = deps;
  const core = casesCore({ db: deps.db, clock: deps.clock, casesRepo: deps.casesRepo, divisions: deps.divisions, audit, jobs: deps.jobs });
  // the index's month-end summary per village: villages split, merged, re-coded or redrawn make every row stale
  const indexMeasures = monthMeasuresRepo(deps.db);

  async function loadDivisions(actor: Actor | null, input: NonNullable<SetupInput['divisions']>, report: SetupReport) {
    const csv = readDivisionCsv(input.bytes, { countyCode: input.county, encoding: input.encoding });
    const section: NonNullable<SetupReport['divisions']> = {
      file: input.filename,
      encoding: csv.encoding.toUpperCase(),
      rows: csv.rows,
      above: csv.above.map((d) => ({ code: d.code, name: d.name, level: d.level })),
      aboveKept: false,
      aboveNote: null,
      otherCounties: csv.otherCounties,
      problems: csv.problems,
      added: [],
      renamed: [],
      unchanged: 0,
      notInFile: [],
    };
    report.divisions = section;
    if (csv.problems.length || !csv.county) {
      report.blocked = true;
      return;
    }
    report.county = { code: csv.county.code, name: csv.county.name };
    const existing = new Map((await deps.divisionsRepo.all()).map((d) => [d.code, d]));
    const root = [...existing.values()].find((d) => d.level === 'city');
    if (root && root.code !== csv.county.code) {
      report.problems.push(`数据库已是 ${root.code} ${root.name} 的区划,文件却是 ${csv.county.code} ${csv.county.name}:一个数据库只装一个县`);
      report.blocked = true;
      return;
    }
    // the province and prefecture above the county, when the file has them: kept in the tree (province first), so a
    // user can be assigned to them. A tree that starts at the county gains them only while nothing refers to it by
    // path: a county that went live without them keeps its paths (cases, alerts and the index's history hold them).
    const above = [csv.county.code.slice(0, 2), csv.county.code.slice(0, 4)].map((c) => csv.above.find((d) => d.code === c)).filter((d): d is CsvDivision => !!d);
    let ancestors: CsvDivision[] = above;
    const newAbove = above.some((d) => !existing.has(d.code));
    if (above.length === 1) {
      section.aboveNote = `文件只有上级区划 ${above[0].code} ${above[0].name},缺少${above[0].level === 'province' ? '地级市' : '省'}一级:未装入,区划树以县为根`;
      ancestors = [];
    } else if (newAbove && root && root.parent_code === null) {
      const used = await repo.pathsInUse();
      if (used.length) {
        section.aboveNote = `本库已有按区划记录的数据(${used.map((t) => PATH_TABLES[t] ?? t).join('、')}):省、地市两级未装入,区划树仍以县为根`;
        ancestors = [];
      }
    }
    section.aboveKept = ancestors.length > 0;
    const wanted: CsvDivision[] = [...ancestors, csv.county, ...csv.tree];
    const toAdd: DivisionInput[] = [];
    for (const d of wanted) {
      const old = existing.get(d.code);
      const input: DivisionInput = {
        code: d.code,
        parent_code: d.level === 'province' ? null : d.level === 'county' ? (ancestors.length ? d.parent : null) : d.parent,
        level: LEVEL_OF[d.level],
        kind: d.kind,
        name: d.name,
        short_name: d.level === 'county' || d.level === 'province' || d.level === 'prefecture' ? d.name : d.shortName,
        land_area_km2: null,
        cultivated_area_km2: null,
        population: null,
        boundary_synthetic: false,
        population_synthetic: false,
        boundary: null,
      };
      if (!old) {
        toAdd.push(input);
        section.added.push({ code: d.code, level: d.level, name: d.name });
      } else if (old.name !== input.name) {
        await repo.rename(d.code, { name: input.name, short_name: input.short_name, kind: input.kind });
        section.renamed.push({ code: d.code, from: old.name, to: input.name });
      } else section.unchanged++;
    }
    // a county tree already loaded gets its province and prefecture above it: its paths gain their prefix
    const newAncestors = toAdd.filter((d) => d.level === 'province' || d.level === 'prefecture');
    if (newAncestors.length && root && root.parent_code === null) {
      await deps.divisions.importTree(actor, newAncestors);
      const parent = (await deps.divisionsRepo.byCode(csv.county.parent!))!;
      await deps.divisionsRepo.prefixPaths(parent.path, root.code);
      await deps.divisionsRepo.setParent(root.code, parent.code);
      toAdd.splice(0, toAdd.length, ...toAdd.filter((d) => !newAncestors.includes(d)));
      report.changes += newAncestors.length;
    }
    const inFile = new Set(wanted.map((d) => d.code));
    section.notInFile = [...existing.values()].filter((d) => !inFile.has(d.code)).map((d) => ({ code: d.code, name: d.name }));
    if (toAdd.length) await deps.divisions.importTree(actor, toAdd);
    report.changes += toAdd.length + section.renamed.length;
  }

  async function loadBoundaries(actor: Actor | null, input: NonNullable<SetupInput['boundaries']>, report: SetupReport) {
    const file = await readBoundaryFile(input.filename, input.bytes, input);
    const section: NonNullable<SetupReport['boundaries']> = {
      file: input.filename,
      format: file.format,
      crs: file.crs,
      encoding: file.encoding,
      codeField: file.codeField,
      nameField: file.nameField,
      problem: file.problem,
      features: [],
      added: [],
      moved: [],
      unchanged: 0,
      removed: [],
    };
    report.boundaries = section;
    if (file.problem) {
      report.blocked = true;
      return;
    }
    const tree = new Map((await deps.divisionsRepo.all()).map((d) => [d.code, d]));
    const root = [...tree.values()].find((d) => d.level === 'city');
    if (!root) {
      report.problems.push('数据库中还没有区划:请同时用 --divisions 给出区划代码表');
      report.blocked = true;
      return;
    }
    const fates = new Map<number, FeatureFate>();
    const usable: { n: number; code: string; geometry: unknown }[] = [];
    for (const f of file.features) {
      const fate: FeatureFate = { n: f.n, code: f.code, name: f.name, fate: 'refused', reason: f.problem, repaired: null, nameWarning: null, areaM2: null, changedM2: null };
      fates.set(f.n, fate);
      if (f.problem) continue;
      const d = tree.get(f.code!);
      if (!d) {
        if (!f.code!.startsWith(root.code)) (fate.fate = 'skipped'), (fate.reason = `不属于 ${root.name}`);
        else fate.reason = `区划 ${f.code} 不在区划树中`;
        continue;
      }
      if (f.name && f.name !== d.name && f.name !== d.short_name) fate.nameWarning = `文件中名称为"${f.name}",区划树中为"${d.name}"`;
      usable.push({ n: f.n, code: f.code!, geometry: f.geometry });
    }
    await repo.createStage();
    for (const s of await repo.stage(usable)) {
      const fate = fates.get(s.n)!;
      if (!s.valid) fate.repaired = s.reason;
      if (s.empty) fate.reason = `几何无效(${s.reason}),修复后不剩任何面`;
      fate.areaM2 = s.empty ? null : s.area_m2;
    }
    await repo.mergeDuplicates();
    await repo.deriveParents('town');
    await repo.deriveParents('city');
    const diff = new Map((await repo.diff()).map((d) => [d.code, d]));
    for (const fate of fates.values()) {
      if (fate.fate === 'skipped' || !fate.code || fate.areaM2 === null) continue;
      const d = diff.get(fate.code);
      if (!d) continue;
      fate.fate = !d.had_boundary ? 'added' : d.same ? 'unchanged' : 'moved';
      fate.reason = null;
      fate.changedM2 = d.changed_m2;
    }
    section.features = [...fates.values()];
    if (section.features.some((f) => f.fate === 'refused')) report.blocked = true;
    const change = (d: { code: string; level: string; name: string }, x?: BoundaryDiff | null): BoundaryChange => ({
      code: d.code,
      level: d.level,
      name: d.name,
      oldAreaM2: x ? x.old_area_m2 : null,
      newAreaM2: x ? x.new_area_m2 : null,
      changedM2: x ? x.changed_m2 : null,
      derivedFrom: x ? x.derived_from : null,
    });
    for (const d of diff.values()) {
      if (!d.had_boundary) section.added.push(change(d, d));
      else if (!d.same) section.moved.push(change(d, d));
      else section.unchanged++;
    }
    // the levels the file draws: a division of such a level that the file leaves out loses its boundary
    const levels = [...new Set(usable.map((u) => tree.get(u.code)!.level))];
    section.removed = (await repo.notStaged(levels)).map((d) => ({ ...change(d), oldAreaM2: d.old_area_m2 }));
    await repo.writeBoundaries([...section.added, ...section.moved].map((d) => d.code));
    await repo.clearBoundaries(section.removed.map((d) => d.code));
    report.changes += section.added.length + section.moved.length + section.removed.length;
    if (section.added.length + section.moved.length + section.removed.length === 0) return;
    // the cases follow the new boundaries, each with its timeline event and history version
    const moves = await repo.casesToMove();
    const present = (m: CaseMove): CaseMoveItem => ({ id: m.id, caseNo: m.case_no, fromCode: m.from_code, fromName: m.from_name, toCode: m.to_code, toName: m.to_name });
    report.cases.outside = moves.filter((m) => !m.to_code).map(present);
    report.cases.moved = moves.filter((m) => m.to_code).map(present);
    if (report.cases.outside.length) {
      report.problems.push(`${report.cases.outside.length} 个案件不在新边界的任何村(社区)内:请检查边界是否完整`);
      report.blocked = true;
      return;
    }
    for (const m of moves.filter((x) => x.to_code)) {
      const before = (await deps.casesRepo.byId(m.id))!;
      const after = await core.apply(before, { division_code: m.to_code!, town_code: m.to_town!, division_path: m.to_path! });
      await core.recordChange(
        actor,
        before,
        after,
        { kind: 'division_changed', note: `区划边界调整:${m.from_name} → ${m.to_name}`, data: { from: m.from_code, to: m.to_code } },
        'case.division_changed',
      );
    }
    report.changes += report.cases.moved.length;
  }

  async function createAdmin(actor: Actor | null, input: NonNullable<SetupInput['admin']>, report: SetupReport) {
    const section: NonNullable<SetupReport['admin']> = { username: input.username, status: 'refused', reason: null };
    report.admin = section;
    const root = (await deps.divisionsRepo.all()).find((d) => d.level === 'city');
    if (!root) {
      section.reason = '还没有区划:管理员的辖区是本县,须先装入区划';
      report.blocked = true;
      return;
    }
    const old = await deps.usersRepo.byUsername(input.username);
    if (old) {
      if (old.role === 'admin' && old.division_code === root.code) section.status = 'exists';
      else {
        section.reason = `账号 ${input.username} 已存在,角色为 ${old.role}、辖区 ${old.division_code}`;
        report.blocked = true;
      }
      return;
    }
    try {
      await deps.users.create(actor, {
        username: input.username,
        password: input.password,
        displayName: input.displayName || '系统管理员',
        role: 'admin',
        divisionCode: root.code,
        department: null,
      });
      section.status = 'created';
      report.changes++;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      section.reason = e.message;
      report.blocked = true;
    }
  }

  return {
    /**
     * Dry run (`apply` false) or apply; the report says what was (or would be) written and every problem.
     * `expect`: the fingerprint of the preview the person saw; an apply that would write anything else (the
     * database changed in between) is rolled back and says so (`stale`).
     */
    async run(input: SetupInput, opts: { apply: boolean; actor?: Actor | null; expect?: string | null }): Promise<SetupReport> {
      const actor = opts.actor ?? null;
      const report: SetupReport = {
        applied: false,
        blocked: false,
        stale: false,
        changes: 0,
        fingerprint: '',
        county: null,
        divisions: null,
        boundaries: null,
        cases: { moved: [], outside: [] },
        admin: null,
        problems: [],
      };
      try {
        await db.transaction(async () => {
          if (input.divisions) await loadDivisions(actor, input.divisions, report);
          if (!report.blocked && input.boundaries) await loadBoundaries(actor, input.boundaries, report);
          if (!report.blocked && input.admin) await createAdmin(actor, input.admin, report);
          if (!report.county) {
            const root = (await deps.divisionsRepo.all()).find((d) => d.level === 'city');
            if (root) report.county = { code: root.code, name: root.name };
          }
          report.fingerprint = fingerprint(report);
          if (opts.apply && opts.expect && opts.expect !== report.fingerprint && !report.blocked) {
            report.stale = true;
            report.problems.push('预览之后数据已有变化,本次应用的结果与预览不同:请重新预览');
          }
          if (report.blocked || report.stale || !opts.apply || report.changes === 0) throw new Rollback(report);
          const redrawn =
            (report.divisions?.added.length ?? 0) +
            (report.divisions?.renamed.length ?? 0) +
            (report.boundaries?.added.length ?? 0) +
            (report.boundaries?.moved.length ?? 0) +
            (report.boundaries?.removed.length ?? 0);
          if (redrawn) await indexMeasures.forgetAll();
          await audit.append(actor, {
            action: 'setup.apply',
            entity: 'division',
            entityId: report.county?.code ?? null,
            after: {
              divisionsFile: input.divisions?.filename ?? null,
              boundariesFile: input.boundaries?.filename ?? null,
              divisionsAdded: report.divisions?.added.length ?? 0,
              divisionsRenamed: report.divisions?.renamed.length ?? 0,
              boundariesAdded: report.boundaries?.added.length ?? 0,
              boundariesMoved: report.boundaries?.moved.length ?? 0,
              boundariesRemoved: report.boundaries?.removed.length ?? 0,
              casesMoved: report.cases.moved.length,
              admin: report.admin?.status === 'created' ? report.admin.username : null,
            },
          });
        });
        report.applied = true;
      } catch (e) {
        if (!(e instanceof Rollback)) throw e;
      }
      return report;
    },
  };
}

/** What an apply would write, as a digest: the same files on the same database give the same fingerprint. */
function fingerprint(r: SetupReport): string {
  const codes = (xs: { code: string }[] | undefined) => (xs ?? []).map((x) => x.code);
  const what = {
    county: r.county?.code ?? null,
    divisionsAdded: codes(r.divisions?.added),
    renamed: (r.divisions?.renamed ?? []).map((x) => [x.code, x.to]),
    boundariesAdded: codes(r.boundaries?.added),
    moved: (r.boundaries?.moved ?? []).map((x) => [x.code, Math.round(x.changedM2 ?? 0)]),
    removed: codes(r.boundaries?.removed),
    cases: r.cases.moved.map((m) => [m.id, m.toCode]),
    admin: r.admin ? [r.admin.username, r.admin.status] : null,
  };
  return createHash('sha256').update(JSON.stringify(what)).digest('hex').slice(0, 32);
}
export type SetupService = ReturnType<typeof setupService>;
