/**
 * Lists the exports of src/ and shared/ that no other file imports: candidates for removal, or for losing the
 * `export` keyword when the file itself still uses them. A report to read, not a CI check.
 *
 *   tsx scripts/check-exports.ts
 *
 * Uses count from everywhere: src/, shared/, web/, test/, bench/ and scripts/ (a test-only use is a use).
 * A namespace import (`import * as x`) or a dynamic `import()` of a file uses all its exports; `export * from`
 * passes uses on. Not reported: migrations (the migrator loads `up`/`down` by file name), entry points
 * (src/main.ts, src/cli.ts) and files started as workers (`new Worker(url)`).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { resolveSpecifier } from './layers.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SCAN = ['src', 'shared', 'web', 'test', 'bench', 'scripts'];
const SKIP = new Set(['node_modules', 'dist', '.tmp', 'data', 'results', '.cache']);
const REPORTED = (f: string) => (f.startsWith('src/') || f.startsWith('shared/')) && !IGNORED.some((re) => re.test(f));
const IGNORED = [/^src\/db\/migrations\//, /^src\/main\.ts$/, /^src\/cli\.ts$/, /\.worker\.ts$/];

const files = new Map<string, string>();
function walk(dir: string) {
  if (!fs.existsSync(path.join(ROOT, dir))) return;
  for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (!SKIP.has(e.name)) walk(rel);
    } else if (/\.(ts|tsx|mts|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) files.set(rel, fs.readFileSync(path.join(ROOT, rel), 'utf8'));
  }
}
for (const d of SCAN) walk(d);
const known = new Set(files.keys());

interface Exported {
  name: string;
  line: number;
}
const exportsOf = new Map<string, Exported[]>();
const starFrom = new Map<string, string[]>(); // file → files it re-exports with `export *`
const used = new Map<string, Set<string>>(); // file → names used by other files ('*' = all)
const localText = new Map<string, ts.SourceFile>();

const use = (file: string | null, name: string) => {
  if (!file || !known.has(file)) return;
  if (!used.has(file)) used.set(file, new Set());
  used.get(file)!.add(name);
};

for (const [file, text] of files) {
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : /\.m?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  localText.set(file, sf);
  const line = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const list: Exported[] = [];
  const resolve = (spec: string) => resolveSpecifier(file, spec, known);

  for (const st of sf.statements) {
    const mods = ts.canHaveModifiers(st) ? ts.getModifiers(st) : undefined;
    const isExport = mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const isDefault = mods?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (isExport) {
      if (isDefault) list.push({ name: 'default', line: line(st) });
      else if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          if (ts.isIdentifier(d.name)) list.push({ name: d.name.text, line: line(d) });
          else for (const el of (d.name as ts.ObjectBindingPattern).elements) if (ts.isIdentifier(el.name)) list.push({ name: el.name.text, line: line(el) });
        }
      } else if (
        (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isEnumDeclaration(st)) &&
        st.name
      ) {
        list.push({ name: st.name.text, line: line(st) });
      }
    }
    if (ts.isExportAssignment(st)) list.push({ name: 'default', line: line(st) });
    if (ts.isExportDeclaration(st)) {
      const target = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? resolve(st.moduleSpecifier.text) : null;
      if (!st.exportClause) {
        if (target) starFrom.set(file, [...(starFrom.get(file) ?? []), target]);
      } else if (ts.isNamedExports(st.exportClause)) {
        for (const el of st.exportClause.elements) {
          list.push({ name: el.name.text, line: line(el) });
          // a re-export or `export { local }` uses the original: the re-exported name is judged where it is exported
          if (target) use(target, (el.propertyName ?? el.name).text);
        }
      } else if (target) use(target, '*');
    }
  }
  exportsOf.set(file, list);

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const target = resolve(node.moduleSpecifier.text);
      const c = node.importClause;
      if (c?.name) use(target, 'default');
      const nb = c?.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) use(target, '*');
      if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) use(target, (el.propertyName ?? el.name).text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      use(resolve(node.arguments[0].text), '*');
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      const target = resolve(node.argument.literal.text);
      const q = node.qualifier;
      use(target, q ? (ts.isIdentifier(q) ? q.text : q.left.getText(sf).split('.')[0]) : '*');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

// `export * from './x'`: a use of a name through the re-exporting file is a use in x
let changed = true;
while (changed) {
  changed = false;
  for (const [file, targets] of starFrom) {
    const names = used.get(file);
    if (!names) continue;
    for (const t of targets) {
      for (const n of names) {
        if (n === 'default') continue;
        if (!used.get(t)?.has(n)) {
          use(t, n);
          changed = true;
        }
      }
    }
  }
}

/** Occurrences of the name as an identifier in its own file, besides the declaration. */
function usedLocally(file: string, name: string): boolean {
  const sf = localText.get(file)!;
  let count = 0;
  const visit = (n: ts.Node) => {
    if (ts.isIdentifier(n) && n.text === name) count++;
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return count > 1;
}

const unused: string[] = [];
const localOnly: string[] = [];
for (const [file, list] of [...exportsOf].sort(([a], [b]) => a.localeCompare(b))) {
  if (!REPORTED(file)) continue;
  const names = used.get(file) ?? new Set();
  if (names.has('*')) continue;
  for (const e of list) {
    if (names.has(e.name)) continue;
    (e.name !== 'default' && usedLocally(file, e.name) ? localOnly : unused).push(`${file}:${e.line}  ${e.name}`);
  }
}

console.log(`Exports nothing else imports (${unused.length}): remove them, or say in a comment who uses them`);
for (const l of unused) console.log(`  ${l}`);
console.log(`\nExports used only in their own file (${localOnly.length}): the \`export\` keyword can go`);
for (const l of localOnly) console.log(`  ${l}`);
