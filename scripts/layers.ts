// Over 400 lines: every layering rule with its parser helpers in one file, so the rules read together; scripts/check-layers.ts is the command.
/**
 * The project's layering rules as functions over source text (STYLE.md, "Layout" and conventions 13):
 *
 *   sql-outside-repo    a Kysely query builder call, a `sql` template or a value import from 'kysely' only in
 *                       `src/**\/*.repo.ts`, `src/db/**` and the job queue `src/platform/jobs.ts`. The rule covers
 *                       src/ (the product); test/, bench/ and scripts/ may read and write the database directly.
 *   pure-imports-io     a pure file imports at run time only other pure files and ALLOWED_IN_PURE. Type-only
 *                       imports are erased when the file runs, so they are allowed from anywhere.
 *   web-imports-server  nothing under web/ imports (not even a type) from src/; shared/ is allowed.
 *   route-imports-repo  a `*.routes.ts` does not import a `*.repo.ts` or src/db at run time (row types are fine).
 *   service-cycle       no cycle among `src/**\/*.service.ts`, counting `import type` and paths through the other
 *                       files of src/modules (a.service → b.repo → a.service is a cycle).
 *
 * Which files are pure: those matching PURE_GLOBS, and any file under src/ or shared/ whose header comment (the
 * first comment of the file, before or after its imports) says so with the word "pure" — `Pure.`, `Pure: no I/O.`,
 * `(pure)`. To make a new rule file checked, say it in its header.
 *
 * scripts/check-layers.ts runs these on the tree; test/unit/layers.test.ts runs them on fixtures.
 */
import ts from 'typescript';
import path from 'node:path';

export type Rule = 'sql-outside-repo' | 'pure-imports-io' | 'web-imports-server' | 'route-imports-repo' | 'service-cycle';

export interface Violation {
  file: string;
  line: number;
  rule: Rule;
  message: string;
}

export interface ImportRef {
  specifier: string;
  line: number;
  /** Erased at run time: `import type`, only `type` specifiers, `export type … from`, `import('x').T` in a type. */
  typeOnly: boolean;
  /** Names bound at run time (`default`, `*` for a namespace, the named value specifiers). */
  valueNames: string[];
  /** The file it resolves to (relative to the root, posix), or null for a package. */
  resolved: string | null;
}

export interface SqlUse {
  line: number;
  what: string;
}

export interface FileInfo {
  path: string;
  imports: ImportRef[];
  sqlUses: SqlUse[];
  pureHeader: boolean;
}

export type Project = Map<string, FileInfo>;

/** Query builder entry points of Kysely; each starts a statement. */
export const QUERY_BUILDER_METHODS = new Set(['selectFrom', 'selectNoFrom', 'insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto']);

/** Where SQL may be written in src/. */
export const SQL_ALLOWED = ['src/**/*.repo.ts', 'src/db/**', 'src/platform/jobs.ts'];

/** Pure by name (besides the files whose header says so). */
export const PURE_GLOBS = [
  'shared/**',
  'src/modules/*/case.*.ts',
  'src/modules/**/*.workflow.ts',
  'src/modules/**/*.rules.ts',
  'src/modules/**/*.chain.ts',
  'src/modules/**/*.duplicates.ts',
  'src/modules/**/*.enums.ts',
  'src/modules/**/geo.ts',
  'src/modules/index/index.{engine,expr,period,measures,definition,default}.ts',
  // platform files with no I/O that rules may use: the seeded random generator, the error type
  'src/platform/random.ts',
  'src/platform/errors.ts',
];

/** Modules a pure file may import at run time: schema values and hashing, no I/O. */
export const ALLOWED_IN_PURE = new Set(['typebox', 'node:crypto']);

const SOURCE_EXT = /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/;

// ---------------------------------------------------------------- globs

const globCache = new Map<string, RegExp>();

/** `**` any depth, `*` within one segment, `{a,b}` alternatives. */
export function globToRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (re) return re;
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') {
        i++;
        out += '(?:.*/)?';
      } else out += '.*';
    } else if (c === '*') out += '[^/]*';
    else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += c.replace(/[.+^$()|[\]\\?]/g, '\\$&');
  }
  re = new RegExp(`^${out}$`);
  globCache.set(glob, re);
  return re;
}

export const matchesAny = (file: string, globs: readonly string[]) => globs.some((g) => globToRegExp(g).test(file));

// ---------------------------------------------------------------- parsing

function scriptKind(file: string): ts.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.(js|mjs|cjs)$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Resolves a relative specifier against the files known (`./a.js` → `a.ts`); a path that matches none is returned as written. */
export function resolveSpecifier(from: string, specifier: string, known: ReadonlySet<string>): string | null {
  if (!specifier.startsWith('.') && !specifier.startsWith('/')) return null;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  const stem = base.replace(/\.(js|mjs|cjs|jsx)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.js`, `${stem}.mjs`, `${base}/index.ts`, `${base}/index.tsx`];
  return candidates.find((c) => known.has(c)) ?? base;
}

const PURE_WORD = /(?<!not |im)\bpure\b/i;

/** The header: the first comment of the file, before or after its imports (the project writes both). */
function headerSaysPure(sf: ts.SourceFile, text: string): boolean {
  const firstOther = sf.statements.find((s) => !ts.isImportDeclaration(s));
  const upTo = firstOther ? firstOther.getStart(sf) : text.length;
  const ranges = [...(ts.getLeadingCommentRanges(text, 0) ?? [])];
  for (const s of sf.statements) {
    if (s.pos >= upTo) break;
    ranges.push(...(ts.getLeadingCommentRanges(text, s.pos) ?? []));
  }
  if (firstOther) ranges.push(...(ts.getLeadingCommentRanges(text, firstOther.pos) ?? []));
  const first = ranges.sort((a, b) => a.pos - b.pos)[0];
  return first ? PURE_WORD.test(text.slice(first.pos, first.end)) : false;
}

export function analyzeFile(file: string, text: string, known: ReadonlySet<string> = new Set()): FileInfo {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
  const lineOf = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const imports: ImportRef[] = [];
  const sqlUses: SqlUse[] = [];
  const add = (specifier: string, node: ts.Node, typeOnly: boolean, valueNames: string[]) =>
    imports.push({ specifier, line: lineOf(node), typeOnly, valueNames, resolved: resolveSpecifier(file, specifier, known) });

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const names: string[] = [];
      if (!clause) names.push('(side effect)');
      else if (!clause.isTypeOnly) {
        if (clause.name) names.push('default');
        const nb = clause.namedBindings;
        if (nb && ts.isNamespaceImport(nb)) names.push('*');
        if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) if (!el.isTypeOnly) names.push((el.propertyName ?? el.name).text);
      }
      add(node.moduleSpecifier.text, node, names.length === 0, names);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const names: string[] = [];
      if (!node.isTypeOnly) {
        if (!node.exportClause) names.push('*');
        else if (ts.isNamespaceExport(node.exportClause)) names.push('*');
        else for (const el of node.exportClause.elements) if (!el.isTypeOnly) names.push((el.propertyName ?? el.name).text);
      }
      add(node.moduleSpecifier.text, node, names.length === 0, names);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, node, true, []);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
        add(node.arguments[0].text, node, false, ['(dynamic import)']);
      } else if (ts.isPropertyAccessExpression(callee)) {
        const name = callee.name.text;
        if (QUERY_BUILDER_METHODS.has(name)) sqlUses.push({ line: lineOf(callee.name), what: `.${name}(` });
        else if (ts.isIdentifier(callee.expression) && callee.expression.text === 'sql') sqlUses.push({ line: lineOf(node), what: `sql.${name}(` });
      }
    } else if (ts.isTaggedTemplateExpression(node)) {
      const tag = node.tag;
      const tagName = ts.isIdentifier(tag) ? tag.text : ts.isPropertyAccessExpression(tag) && ts.isIdentifier(tag.expression) ? tag.expression.text : '';
      if (tagName === 'sql') sqlUses.push({ line: lineOf(node), what: 'sql`…`' });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { path: file, imports, sqlUses, pureHeader: headerSaysPure(sf, text) };
}

/** Analyses every file of a project given as path → text (paths relative to the root, posix). */
export function analyzeProject(sources: ReadonlyMap<string, string>): Project {
  const known = new Set(sources.keys());
  const project: Project = new Map();
  for (const [file, text] of sources) if (SOURCE_EXT.test(file)) project.set(file, analyzeFile(file, text, known));
  return project;
}

// ---------------------------------------------------------------- classification

export const isSrc = (f: string) => f.startsWith('src/');
export const isService = (f: string) => isSrc(f) && f.endsWith('.service.ts');
export const isRepo = (f: string) => isSrc(f) && f.endsWith('.repo.ts');
export const isRoutes = (f: string) => isSrc(f) && f.endsWith('.routes.ts');
export const isDb = (f: string) => f.startsWith('src/db/');

export function isPure(project: Project, file: string): boolean {
  if (matchesAny(file, PURE_GLOBS)) return true;
  const info = project.get(file);
  return !!info && (isSrc(file) || file.startsWith('shared/')) && info.pureHeader;
}

/** Why a file is not pure, in a few words, for the message. */
function impurity(project: Project, file: string): string {
  if (isDb(file)) return 'the database layer';
  if (file.startsWith('src/platform/')) return 'platform code';
  if (/^src\/(modules\/)?demo\//.test(file)) return 'the demo seeder';
  if (isRepo(file) || isService(file) || isRoutes(file)) return `a ${file.match(/\.(\w+)\.ts$/)?.[1]} file`;
  const pkgs = project
    .get(file)
    ?.imports.filter((i) => !i.typeOnly && i.resolved === null)
    .map((i) => i.specifier)
    .filter((s) => !ALLOWED_IN_PURE.has(s));
  return pkgs?.length ? `not pure: it imports ${[...new Set(pkgs)].join(', ')}` : 'not marked pure';
}

// ---------------------------------------------------------------- rules

export function checkSqlOutsideRepos(project: Project): Violation[] {
  const out: Violation[] = [];
  for (const info of project.values()) {
    const f = info.path;
    if (!isSrc(f) || matchesAny(f, SQL_ALLOWED)) continue;
    const repo = isService(f) ? path.posix.basename(f).replace(/\.service\.ts$/, '.repo.ts') : '*.repo.ts';
    const fix = `move the statement into a repo function (${repo})`;
    for (const u of info.sqlUses) out.push({ file: f, line: u.line, rule: 'sql-outside-repo', message: `${u.what} outside a repo: ${fix}` });
    for (const i of info.imports) {
      if (i.specifier === 'kysely' && !i.typeOnly)
        out.push({
          file: f,
          line: i.line,
          rule: 'sql-outside-repo',
          message: `value import of ${i.valueNames.join(', ')} from 'kysely': only repos build queries; import types with \`import type\``,
        });
    }
  }
  return out;
}

export function checkPureImports(project: Project): Violation[] {
  const out: Violation[] = [];
  for (const info of project.values()) {
    if (!isPure(project, info.path)) continue;
    for (const i of info.imports) {
      if (i.typeOnly) continue;
      if (i.resolved === null) {
        if (ALLOWED_IN_PURE.has(i.specifier)) continue;
        out.push({
          file: info.path,
          line: i.line,
          rule: 'pure-imports-io',
          message: `pure file imports '${i.specifier}': take the value as an argument from the service, or move this code out of the pure file`,
        });
      } else if (!isPure(project, i.resolved)) {
        out.push({
          file: info.path,
          line: i.line,
          rule: 'pure-imports-io',
          message: `pure file imports ${i.valueNames.join(', ')} from ${i.resolved} (${impurity(project, i.resolved)}): move what it needs into a pure file, or import only types`,
        });
      }
    }
  }
  return out;
}

export function checkWebImports(project: Project): Violation[] {
  const out: Violation[] = [];
  for (const info of project.values()) {
    if (!info.path.startsWith('web/')) continue;
    for (const i of info.imports) {
      if (i.resolved && isSrc(i.resolved))
        out.push({
          file: info.path,
          line: i.line,
          rule: 'web-imports-server',
          message: `web imports server code ${i.resolved}: use the generated API types (web/src/api/schema.gen.ts) or move the pure piece to shared/`,
        });
    }
  }
  return out;
}

export function checkRouteImports(project: Project): Violation[] {
  const out: Violation[] = [];
  for (const info of project.values()) {
    if (!isRoutes(info.path)) continue;
    for (const i of info.imports) {
      if (i.typeOnly || !i.resolved || !(isRepo(i.resolved) || isDb(i.resolved))) continue;
      out.push({
        file: info.path,
        line: i.line,
        rule: 'route-imports-repo',
        message: `route imports ${i.valueNames.join(', ')} from ${i.resolved}: call the module's service, which calls the repo`,
      });
    }
  }
  return out;
}

export interface ServiceEdge {
  from: string;
  to: string;
  /** The line of the import in `from` that starts the path. */
  line: number;
  /** The files between, if the path runs through non-service files. */
  via: string[];
  /** Every import on the path is type-only. */
  typeOnly: boolean;
}

/** Files followed between services: the modules (plus any service outside them). */
const inGraph = (f: string) => f.startsWith('src/modules/') || isService(f);

/** Service → service dependencies: the first service reached along each import path (types included). */
export function serviceEdges(project: Project): ServiceEdge[] {
  const edges: ServiceEdge[] = [];
  const services = [...project.keys()].filter(isService).sort();
  for (const from of services) {
    const seen = new Map<string, ServiceEdge>();
    // breadth first, so each service is reached by its shortest path
    const queue: { file: string; line: number; via: string[]; typeOnly: boolean }[] = [];
    const visited = new Set<string>([from]);
    for (const i of project.get(from)!.imports) {
      if (i.resolved && inGraph(i.resolved) && project.has(i.resolved)) queue.push({ file: i.resolved, line: i.line, via: [], typeOnly: i.typeOnly });
    }
    while (queue.length) {
      const cur = queue.shift()!;
      if (isService(cur.file)) {
        if (cur.file !== from && !seen.has(cur.file)) seen.set(cur.file, { from, to: cur.file, line: cur.line, via: cur.via, typeOnly: cur.typeOnly });
        continue;
      }
      if (visited.has(cur.file)) continue;
      visited.add(cur.file);
      for (const i of project.get(cur.file)?.imports ?? []) {
        if (i.resolved && inGraph(i.resolved) && project.has(i.resolved) && (isService(i.resolved) || !visited.has(i.resolved)))
          queue.push({ file: i.resolved, line: cur.line, via: [...cur.via, cur.file], typeOnly: cur.typeOnly && i.typeOnly });
      }
    }
    edges.push(...[...seen.values()].sort((a, b) => a.to.localeCompare(b.to)));
  }
  return edges;
}

/** Every elementary cycle of the service graph (Johnson's idea, small graphs): each listed once, from its smallest file. */
export function serviceCycles(edges: ServiceEdge[], limit = 500): string[][] {
  const adj = new Map<string, string[]>();
  for (const e of edges) adj.set(e.from, [...(adj.get(e.from) ?? []), e.to]);
  const nodes = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();
  const cycles: string[][] = [];
  for (const start of nodes) {
    const stack = [start];
    const onStack = new Set(stack);
    const dfs = (n: string) => {
      for (const m of adj.get(n) ?? []) {
        if (cycles.length >= limit) return;
        if (m === start) cycles.push([...stack, start]);
        else if (m > start && !onStack.has(m)) {
          stack.push(m);
          onStack.add(m);
          dfs(m);
          stack.pop();
          onStack.delete(m);
        }
      }
    };
    dfs(start);
  }
  return cycles;
}

const short = (f: string) => f.split('/').pop()!.replace(/\.ts$/, '');

export function checkServiceCycles(project: Project): Violation[] {
  const edges = serviceEdges(project);
  const edgeOf = new Map(edges.map((e) => [`${e.from}>${e.to}`, e]));
  return serviceCycles(edges).map((cycle) => {
    const steps = cycle.slice(0, -1).map((f, k) => edgeOf.get(`${f}>${cycle[k + 1]}`)!);
    const text = steps.map((e) => `${short(e.from)} →${e.typeOnly ? ' (type)' : ''}${e.via.length ? ` [${e.via.map(short).join(' → ')}]` : ''}`).join(' ');
    return {
      file: cycle[0],
      line: steps[0].line,
      rule: 'service-cycle' as const,
      message: `services import each other: ${text} ${short(cycle[0])}; make the dependency run one way (move the shared piece into a repo or pure file, or pass it in)`,
    };
  });
}

export function checkAll(project: Project): Violation[] {
  return [...checkSqlOutsideRepos(project), ...checkPureImports(project), ...checkWebImports(project), ...checkRouteImports(project), ...checkServiceCycles(project)];
}

export const formatViolation = (v: Violation) => `${v.file}:${v.line}  ${v.rule}  ${v.message}`;
