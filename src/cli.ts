import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createDeps } from './deps.js';
import { ROLES } from './platform/auth.js';
import { AppError } from './platform/errors.js';
import type { Role } from './db/schema.js';
import { checkPhotoBlobs, problemLine } from './modules/photos/photos.check.js';
import { patchesRepo } from './modules/patches/patches.repo.js';
import { backup, BackupError, restore } from './ops/backup.js';
import { DataDirInUse, dataDirOwner } from './ops/datadir.js';
import { parseSetupArgs, setupCommand } from './modules/setup/setup.cli.js';
import { parseDivisionCode } from './modules/setup/division.codes.js';
import { verifyAuditExport } from '../shared/audit-export.js';

const HELP = `wuweijian admin CLI (uses the same DATA_DIR / DATABASE_URL as the server)

usage: npm run cli -- <command> [options]

commands:
  user add --username U --password P --role R --division CODE [--name "显示名"] [--department D]
                          create a local account; R is one of: ${ROLES.join(', ')}; CODE in any official
                          form (330482, 330482102; the prefecture 330400 or the province 330000 when loaded)
  user list               list accounts
  user unlock --username U   open an account that failed logins locked (audited)
  audit verify            re-hash the audit chain and compare it with its anchors in the blob store;
                          exit 1 and name the first missing or changed record if any
  audit verify-export F.json
                          re-check an audit export with its chain proof (审计记录导出, 含链证明) without the
                          database: each record's hash, each link, each segment's anchor; exit 1 and name
                          what failed (docs/audit-export.md)
  migrate                 apply pending database migrations
  setup --divisions F.csv [--boundaries F.zip|F.geojson] [--admin U] [--apply]
                          going live: load the county's divisions, boundaries and first admin; a dry run
                          unless --apply (setup --help for the options)
  blobs check             check every photo's files (disk or S3), the cases' and the patch checks' (图斑核查):
                          missing, or an original whose bytes no longer match its SHA-256; exit 1 and
                          name the first problems (case, or batch and patch number; the file) if any
  backup DIR              back up the database and the photos into DIR (new or empty); PostgreSQL while
                          the server runs, the embedded database with the server stopped
  restore DIR [--force]   restore a backup into this DATA_DIR / DATABASE_URL (refused if it holds data,
                          unless --force), migrate, then check counts, audit verify and blobs check
  help                    this text

With the embedded database (no DATABASE_URL), stop the server first: PGlite allows one process.`;

/** `audit verify-export F.json`: the same pure check the audit page runs in the browser; no database opened. */
function verifyExportCommand(file: string | undefined): number {
  if (!file) {
    console.error('usage: audit verify-export F.json');
    return 2;
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    console.error(`无法读取 ${file}: ${(err as Error).message}`);
    return 2;
  }
  const v = verifyAuditExport(text);
  (v.ok ? console.log : console.error)(v.summary);
  // the summary names the first problem; the others follow
  if (v.problems.length > 1) for (const p of v.problems) console.error(`  - ${p.message}`);
  return v.ok ? 0 : 1;
}

async function main(argv: string[]) {
  // setup reads its own options (setup --help)
  const setupArgs = argv[0] === 'setup' ? parseSetupArgs(argv.slice(1), process.env) : null;
  if (setupArgs && !setupArgs.ok) {
    (setupArgs.code ? console.error : console.log)(setupArgs.message);
    return setupArgs.code;
  }
  const { positionals, values } = parseArgs({
    args: setupArgs ? ['setup'] : argv,
    allowPositionals: true,
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      division: { type: 'string' },
      name: { type: 'string' },
      department: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const cmd = positionals.join(' ');
  if (values.help || cmd === '' || cmd === 'help') {
    console.log(HELP);
    return 0;
  }
  if (positionals[0] === 'audit' && positionals[1] === 'verify-export') return verifyExportCommand(positionals[2]);
  if (positionals[0] === 'backup' || positionals[0] === 'restore') return backupCommand(positionals, values.force === true);
  if (!['user add', 'user list', 'user unlock', 'audit verify', 'migrate', 'blobs check', 'setup'].includes(cmd)) {
    console.error(`unknown command: ${cmd}\n\n${HELP}`);
    return 2;
  }
  const config = loadConfig();
  // PGlite admits one process per data dir: never open it under a running server
  const owner = config.databaseDriver === 'pglite' ? dataDirOwner(config.dataDir) : null;
  if (owner) {
    console.error(new DataDirInUse(config.dataDir, owner).message);
    return 1;
  }
  const db = await openDatabase({ driver: config.databaseDriver, dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    await migrateToLatest(db);
    const deps = createDeps(config, db);
    if (cmd === 'migrate') {
      console.log('migrations up to date');
      return 0;
    }
    if (cmd === 'user add') {
      const missing = ['username', 'password', 'role', 'division'].filter((k) => !(values as Record<string, unknown>)[k]);
      if (missing.length) {
        console.error(`missing: ${missing.map((m) => '--' + m).join(' ')}`);
        return 2;
      }
      const u = await deps.services.users.create(null, {
        username: values.username!,
        password: values.password!,
        role: values.role as Role,
        // 330400 (GB/T 2260) and 330400000000 (statistics) name the prefecture stored as 3304: any official form is taken
        divisionCode: parseDivisionCode(values.division)?.code ?? values.division!,
        displayName: values.name ?? values.username!,
        department: values.department ?? null,
      });
      console.log(`created ${u.role} ${u.username} (${u.divisionName})`);
      return 0;
    }
    if (cmd === 'user unlock') {
      if (!values.username) {
        console.error('missing: --username');
        return 2;
      }
      await deps.services.users.unlock(null, values.username);
      console.log(`unlocked ${values.username}`);
      return 0;
    }
    if (cmd === 'blobs check') return await blobsCheck(deps);
    if (cmd === 'setup' && setupArgs?.ok) return await setupCommand(deps, setupArgs);
    if (cmd === 'user list') {
      for (const u of await deps.repos.users.list()) console.log(`${u.role}\t${u.username}\t${u.division_name}\t${u.active ? 'active' : 'disabled'}`);
      return 0;
    }
    // the chain re-hashed and compared with the anchors in the blob store (audit/audit.anchor.ts)
    const v = await deps.services.audit.verify();
    const a = v.anchors.latest;
    const anchors = a ? `${v.anchors.count} anchors, the newest (${a.at}) at #${a.lastId}` : 'no anchor in the blob store yet';
    if (v.ok) {
      console.log(`audit chain OK: ${v.checked} records, head #${v.lastId ?? 0} ${v.lastHash.slice(0, 16)}…; ${anchors}, all agree`);
      return 0;
    }
    const intact = v.problem === 'hash_mismatch' || v.problem === 'link_broken' ? `${v.checked} records before it are intact` : `records up to #${v.intactUpTo ?? 0} hold`;
    console.error(`audit chain BROKEN at record #${v.firstBrokenId} (${v.problem}): ${v.message}; ${intact}${v.anchor ? `; anchor ${v.anchor.key}` : ''}; ${anchors}`);
    return 1;
  } finally {
    await db.close();
  }
}

/** `blobs check`: every photo's files against its row, the cases' photos and the patch checks' ground photos. */
async function blobsCheck(deps: ReturnType<typeof createDeps>) {
  const started = Date.now();
  const r = await checkPhotoBlobs({ photosRepo: deps.repos.photos, blobs: deps.blobs, patchesRepo: patchesRepo(deps.db) });
  const took = ((Date.now() - started) / 1000).toFixed(1);
  const counted = `${r.photos} photos, ${r.patchPhotos} patch photos`;
  if (r.ok) {
    console.log(`blobs OK: ${counted}, ${r.originals} originals hashed, ${r.derived} copies present (${deps.blobs.driver}, ${took} s)`);
    return 0;
  }
  console.error(`blobs check FAILED: ${r.problemCount} problem(s) in ${counted} (${deps.blobs.driver}, ${took} s); the first:`);
  for (const p of r.problems) console.error(`  ${problemLine(p)}`);
  return 1;
}

/** `backup DIR` and `restore DIR [--force]` (src/ops/backup.ts). */
async function backupCommand(positionals: string[], force: boolean) {
  const [what, dir, ...extra] = positionals;
  if (!dir || extra.length) {
    console.error(`usage: npm run cli -- ${what} DIR${what === 'restore' ? ' [--force]' : ''}`);
    return 2;
  }
  const config = loadConfig();
  const log = (m: string) => console.log(`[${what}] ${m}`);
  try {
    if (what === 'backup') {
      const m = await backup(config, dir, log);
      console.log(`backup written to ${dir}: ${m.facts.cases} cases, ${m.facts.photos} photos, audit head #${m.facts.audit?.lastId ?? 0}, migration ${m.facts.migration}`);
      return 0;
    }
    const r = await restore(config, dir, { force }, log);
    for (const c of r.checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'}  ${c.what}: ${c.detail}`);
    console.log(r.ok ? `restored the backup of ${r.manifest.createdAt}: every check passed` : 'restored, but a check FAILED (above)');
    return r.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof BackupError || e instanceof DataDirInUse) {
      console.error(`${what} refused: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof AppError) console.error(`${err.code}: ${err.message}`);
    else console.error(err);
    process.exit(1);
  },
);
