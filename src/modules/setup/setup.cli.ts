import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Deps } from '../../deps.js';
import { LEVEL_NAMES } from './division.csv.js';
import type { OfficialLevel } from './division.codes.js';
import type { SetupInput, SetupReport } from './setup.service.js';

export const SETUP_HELP = `npm run cli -- setup [options]      上线:装入本县区划、边界和第一个管理员

Loads a county into an empty (or its own) database, in one transaction. Without --apply it is a dry run: it
does everything, prints what it would write, and rolls back. With --apply it writes, unless the report has a
problem, in which case nothing is written. Running it again with the same files writes nothing.

options:
  --divisions FILE.csv     division codes and names (统计用区划代码): a header with 代码/统计用区划代码/code and
                           名称/name (optional 级别/level, 上级代码/parent_code), or no header (code[, 城乡分类], name);
                           12-digit statistics codes, or 6 (county) / 9 (town) / 12 (village) digits; UTF-8 or GBK.
                           Province and prefecture rows above the county are kept in the tree when the file has both
                           (a user may then be assigned to them); on a county that already holds cases they are not.
  --county CODE            the county to load when the file has several (e.g. a province-wide file): 330482
  --csv-encoding ENC       GBK or UTF-8 when detection guesses wrong
  --boundaries FILE        GeoJSON (.geojson/.json), a zipped Shapefile (.zip with .shp .dbf .shx .prj [.cpg]) or a
                           GeoPackage (.gpkg: its polygon layers, in one CRS),
                           polygons of the county, its towns and/or its villages. A town or the county the file does
                           not draw gets the union of its villages (towns) when the file draws all of them.
  --crs CRS                the boundaries' CRS when the file does not say (Shapefile without .prj); must agree with
                           it when it does: EPSG:4490 (CGCS2000), EPSG:4513–4533 (CGCS2000 3-degree Gauss-Krüger zone
                           25–45, e.g. EPSG:4528 zone 40), EPSG:4534–4554, EPSG:4491–4512 (6-degree), EPSG:4326, GCJ02
  --encoding ENC           the Shapefile's attribute encoding when it has no .cpg: GBK or UTF-8
  --code-field NAME        the attribute holding the division code (default: code, XZQDM, ZLDWDM, … or any field
                           whose every value is a division code)
  --name-field NAME        the attribute holding the name, compared with the tree (default: name, XZQMC, ZLDWMC, …)
  --admin USERNAME         create the first administrator (jurisdiction: the county); kept as it is when it exists
  --admin-name NAME        his display name (default 系统管理员)
  --admin-password-file F  read his password from the first line of F; or set SETUP_ADMIN_PASSWORD. The password
                           is never printed; it must be changed at the first login.
  --apply                  write (default: dry run)
  --json                   print the report as JSON

Boundaries already loaded are compared with the file: added, moved (area that changed), unchanged, removed (a
division of a level the file draws that the file leaves out). Cases are moved to the village that now covers
them, each with a timeline event; a case the new boundaries leave outside every village stops the apply.

exit status: 0 done (or a clean dry run), 1 a problem (nothing written), 2 wrong usage.

example (PostgreSQL, empty database):
  export DATABASE_URL=postgres://wuweijian@127.0.0.1/wuweijian DEMO=0
  npm run cli -- migrate
  npm run cli -- setup --divisions 区划代码.csv --boundaries 村级边界.zip --admin admin --admin-password-file pw.txt
  npm run cli -- setup --divisions 区划代码.csv --boundaries 村级边界.zip --admin admin --admin-password-file pw.txt --apply`;

const OPTIONS = {
  divisions: { type: 'string' },
  county: { type: 'string' },
  'csv-encoding': { type: 'string' },
  boundaries: { type: 'string' },
  crs: { type: 'string' },
  encoding: { type: 'string' },
  'code-field': { type: 'string' },
  'name-field': { type: 'string' },
  admin: { type: 'string' },
  'admin-name': { type: 'string' },
  'admin-password-file': { type: 'string' },
  apply: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type SetupArgs = { ok: true; input: SetupInput; apply: boolean; json: boolean } | { ok: false; code: number; message: string };

/** The command line read, the files read; the password from its file or SETUP_ADMIN_PASSWORD. */
export function parseSetupArgs(argv: string[], env: NodeJS.ProcessEnv): SetupArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false }));
  } catch (e) {
    return { ok: false, code: 2, message: `${(e as Error).message}\n\n${SETUP_HELP}` };
  }
  if (values.help) return { ok: false, code: 0, message: SETUP_HELP };
  const str = (k: string) => values[k] as string | undefined;
  if (!str('divisions') && !str('boundaries') && !str('admin'))
    return { ok: false, code: 2, message: `nothing to do: give --divisions, --boundaries and/or --admin\n\n${SETUP_HELP}` };
  const read = (f: string) => {
    if (!fs.existsSync(f)) throw new Error(`no such file: ${f}`);
    return new Uint8Array(fs.readFileSync(f));
  };
  try {
    const input: SetupInput = {};
    if (str('divisions')) input.divisions = { filename: path.basename(str('divisions')!), bytes: read(str('divisions')!), county: str('county'), encoding: str('csv-encoding') };
    if (str('boundaries'))
      input.boundaries = {
        filename: path.basename(str('boundaries')!),
        bytes: read(str('boundaries')!),
        crs: str('crs'),
        encoding: str('encoding'),
        codeField: str('code-field'),
        nameField: str('name-field'),
      };
    if (str('admin')) {
      const file = str('admin-password-file');
      const password = file ? (new TextDecoder().decode(read(file)).split(/\r?\n/)[0] ?? '') : env.SETUP_ADMIN_PASSWORD;
      if (!password) return { ok: false, code: 2, message: '--admin needs a password: --admin-password-file FILE or SETUP_ADMIN_PASSWORD (never on the command line)' };
      input.admin = { username: str('admin')!, password, displayName: str('admin-name') };
    }
    return { ok: true, input, apply: values.apply === true, json: values.json === true };
  } catch (e) {
    return { ok: false, code: 2, message: (e as Error).message };
  }
}

/** The setup service of the composition root (src/deps.ts). */
export const setupFromDeps = (deps: Deps) => deps.services.setup;

const km2 = (m2: number | null) => (m2 === null ? '—' : `${(m2 / 1e6).toFixed(3)} km²`);
const levelName = (l: string) => LEVEL_NAMES[(l === 'city' ? 'county' : l) as OfficialLevel] ?? l;
const FATE = { added: '新增', moved: '变更', unchanged: '不变', refused: '拒绝', skipped: '跳过' } as const;

/** The report as the county's IT staff read it (zh-CN). */
export function formatSetupReport(r: SetupReport, apply: boolean): string {
  const out: string[] = [];
  const list = <T>(items: T[], line: (x: T) => string, max = 30) => {
    for (const x of items.slice(0, max)) out.push(`    ${line(x)}`);
    if (items.length > max) out.push(`    …… 另有 ${items.length - max} 项`);
  };
  out.push(apply ? '== 上线装入(--apply) ==' : '== 上线装入:试运行(不写入;确认无误后加 --apply) ==');
  if (r.county) out.push(`本县:${r.county.code} ${r.county.name}`);
  const d = r.divisions;
  if (d) {
    out.push('', `[区划] ${d.file}(${d.encoding},${d.rows} 行)`);
    if (d.above.length)
      out.push(
        `  上级:${d.above.map((a) => `${a.code} ${a.name}`).join(' / ')}${d.aboveKept ? '(装入区划树:可把用户设在地市或省)' : `(不入库${d.aboveNote ? `:${d.aboveNote}` : ''})`}`,
      );
    if (d.otherCounties) out.push(`  其他县的行:${d.otherCounties}(不装入)`);
    if (d.problems.length) {
      out.push(`  问题 ${d.problems.length} 行:`);
      list(d.problems, (p) => `第 ${p.line} 行${p.code ? ` ${p.code}` : ''}:${p.reason}`);
    }
    out.push(`  新增 ${d.added.length},改名 ${d.renamed.length},不变 ${d.unchanged}`);
    const byLevel = new Map<string, number>();
    for (const a of d.added) byLevel.set(a.level, (byLevel.get(a.level) ?? 0) + 1);
    if (byLevel.size) out.push(`    新增:${[...byLevel].map(([l, n]) => `${levelName(l)} ${n}`).join(',')}`);
    list(d.renamed, (x) => `改名 ${x.code}:${x.from} → ${x.to}`);
    if (d.notInFile.length) {
      out.push(`  库中有、文件中没有(保留):${d.notInFile.length}`);
      list(d.notInFile, (x) => `${x.code} ${x.name}`, 10);
    }
  }
  const b = r.boundaries;
  if (b) {
    out.push('', `[边界] ${b.file}(${b.format === 'shapefile' ? 'Shapefile' : b.format === 'geopackage' ? 'GeoPackage' : 'GeoJSON'})`);
    if (b.crs.id) out.push(`  坐标系:${b.crs.label};依据:${b.crs.from};转换为 WGS84 经纬度存储`);
    if (b.encoding) out.push(`  属性编码:${b.encoding}`);
    if (b.codeField) out.push(`  代码字段:${b.codeField}${b.nameField ? `,名称字段:${b.nameField}` : ''}`);
    if (b.problem) out.push(`  问题:${b.problem}`);
    if (b.features.length) {
      const count = (fate: string) => b.features.filter((f) => f.fate === fate).length;
      out.push(
        `  要素 ${b.features.length} 个:${(Object.keys(FATE) as (keyof typeof FATE)[]).map((k) => `${FATE[k]} ${count(k)}`).join(',')};修复 ${b.features.filter((f) => f.repaired).length}`,
      );
      // the unremarkable ones are counted; each feature's fate is in --json
      const notable = b.features.filter((f) => f.fate === 'refused' || f.fate === 'skipped' || f.fate === 'moved' || f.repaired || f.nameWarning);
      list(
        notable,
        (f) =>
          `#${f.n} ${f.code ?? '?'} ${f.name ?? ''}:${FATE[f.fate]}${f.reason ? `(${f.reason})` : ''}${f.repaired ? `;几何无效已修复(${f.repaired})` : ''}${
            f.fate === 'moved' && f.changedM2 !== null ? `;变动面积 ${km2(f.changedM2)}` : ''
          }${f.nameWarning ? `;注意:${f.nameWarning}` : ''}`,
        200,
      );
    }
    out.push(`  边界:新增 ${b.added.length},变更 ${b.moved.length},不变 ${b.unchanged},移除 ${b.removed.length}`);
    const derived = [...b.added, ...b.moved].filter((x) => x.derivedFrom);
    if (derived.length) list(derived, (x) => `${levelName(x.level)} ${x.code} ${x.name}:由 ${x.derivedFrom} 个下级边界合并`, 20);
    list(b.moved, (x) => `变更 ${x.code} ${x.name}:${km2(x.oldAreaM2)} → ${km2(x.newAreaM2)},变动 ${km2(x.changedM2)}`);
    list(b.removed, (x) => `移除 ${levelName(x.level)} ${x.code} ${x.name} 的边界(文件中没有)`);
  }
  if (r.cases.moved.length || r.cases.outside.length) {
    out.push('', `[案件] 因边界调整改属他村:${r.cases.moved.length}`);
    list(r.cases.moved, (m) => `${m.caseNo}:${m.fromName} → ${m.toName}`);
    if (r.cases.outside.length) {
      out.push(`  不在任何村(社区)内:${r.cases.outside.length}`);
      list(r.cases.outside, (m) => `${m.caseNo}(现属 ${m.fromName})`);
    }
  }
  if (r.admin)
    out.push(
      '',
      `[管理员] ${r.admin.username}:${r.admin.status === 'created' ? (apply ? '已创建' : '将创建') + '(首次登录须修改密码)' : r.admin.status === 'exists' ? '已存在,不变' : `不能创建:${r.admin.reason}`}`,
    );
  if (r.problems.length) out.push('', ...r.problems.map((p) => `问题:${p}`));
  out.push('');
  if (r.blocked) out.push('有问题,未写入任何数据(见上)。');
  else if (r.changes === 0) out.push('数据库已与文件一致,无需写入。');
  else if (r.applied) out.push(`已写入:${r.changes} 项变更(一个事务)。`);
  else out.push(`试运行:将写入 ${r.changes} 项变更。确认后加 --apply 执行。`);
  return out.join('\n');
}

/** `setup`: the report printed, exit 1 when a problem stopped it. */
export async function setupCommand(deps: Deps, args: Extract<SetupArgs, { ok: true }>): Promise<number> {
  const report = await setupFromDeps(deps).run(args.input, { apply: args.apply });
  console.log(args.json ? JSON.stringify(report, null, 2) : formatSetupReport(report, args.apply));
  return report.blocked ? 1 : 0;
}
