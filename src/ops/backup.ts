// Over 300 lines: backup and restore for both deployments read top to bottom (the manifest, the blob copy, each driver's database step, the checks after a restore).
/**
 * `npm run cli -- backup DIR` and `restore DIR` (docs/operations.md says when and how).
 *
 * A backup is a directory:
 *   manifest.json             when, which drivers, the migration level, case and photo counts, the audit
 *                             chain's head, and the SHA-256 of every other file of the backup
 *   database.dump             PostgreSQL: `pg_dump -Fc` of a snapshot, taken while the server runs
 *   database.pglite.tar.gz    embedded: the PGlite data dir (the server must be stopped: one process per data dir)
 *   blobs/                    disk driver: a copy of the blob store (photos, documents, audit anchors)
 *   blobs.sha256              `sha256  key` per blob (`sha256sum -c` reads it inside blobs/); with S3 the
 *                             photos' keys and hashes from the database (the bucket keeps its own versions)
 *
 * On PostgreSQL the counts and the audit head are read in the snapshot the dump is taken from
 * (`pg_export_snapshot`), so they describe exactly the dumped data. Blob files are never changed once
 * written and are written before the row that names them commits, so photo files copied after the
 * snapshot include every file the dump names. The audit anchors are the exception: an anchor names a
 * head, and one written after the snapshot would name records the dump does not have, so they are copied
 * before it.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import { openDatabase, pgliteDataExists, type Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { createDeps } from '../deps.js';
import { ANCHOR_PREFIX } from '../modules/audit/audit.anchor.js';
import { checkPhotoBlobs, problemLine } from '../modules/photos/photos.check.js';
import { patchesRepo } from '../modules/patches/patches.repo.js';
import { photosRepo } from '../modules/photos/photos.repo.js';
import { backupRepo, type DatabaseFacts } from './backup.repo.js';
import { claimDataDir, DataDirInUse, dataDirOwner } from './datadir.js';

export const MANIFEST = 'manifest.json';
const BLOB_LIST = 'blobs.sha256';
const PG_DUMP = 'database.dump';
const PGLITE_TAR = 'database.pglite.tar.gz';

export interface BackupManifest {
  kind: 'wuweijian-backup';
  format: 1;
  createdAt: string;
  driver: 'pglite' | 'postgres';
  blobDriver: 'disk' | 's3';
  facts: DatabaseFacts;
  /** blobs/ holds a copy of the store (disk driver); with S3, blobs.sha256 lists the photos' keys only. */
  blobs: { copied: boolean; files: number; bytes: number };
  /** SHA-256 and size of each file of the backup besides the manifest and blobs/ (whose files blobs.sha256 lists). */
  files: Record<string, { sha256: string; bytes: number }>;
}

export class BackupError extends Error {
  override name = 'BackupError';
}

type Log = (line: string) => void;

const sha256File = (file: string) =>
  new Promise<string>((resolve, reject) => {
    const h = createHash('sha256');
    fs.createReadStream(file)
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });

/** Blob keys under `root` (no temporary files), sorted. */
async function blobKeys(root: string): Promise<string[]> {
  if (!fs.existsSync(root)) return [];
  const out: string[] = [];
  const walk = async (rel: string) => {
    for (const e of await fsp.readdir(path.join(root, rel), { withFileTypes: true })) {
      const key = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(key);
      else if (e.isFile() && !key.endsWith('.tmp')) out.push(key);
    }
  };
  await walk('');
  return out.sort();
}

/** Copies `keys` from one blob root to another, 4 at a time; each copy is hashed and flushed to disk. */
async function copyBlobs(from: string, to: string, keys: string[]): Promise<{ key: string; sha256: string; bytes: number }[]> {
  const out: { key: string; sha256: string; bytes: number }[] = [];
  let next = 0;
  const made = new Set<string>();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < keys.length) {
        const key = keys[next++];
        const dst = path.join(to, key);
        const dir = path.dirname(dst);
        if (!made.has(dir)) {
          await fsp.mkdir(dir, { recursive: true });
          made.add(dir);
        }
        await fsp.copyFile(path.join(from, key), dst);
        const sha256 = await sha256File(dst);
        const fh = await fsp.open(dst, 'r+');
        const { size } = await fh.stat();
        await fh.datasync();
        await fh.close();
        out.push({ key, sha256, bytes: size });
      }
    }),
  );
  return out.sort((a, b) => (a.key < b.key ? -1 : 1));
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    let err = '';
    p.stderr.on('data', (c: Buffer) => (err += c.toString()));
    p.on('error', (e) => reject(new BackupError(`${cmd}: ${e.message}`)));
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new BackupError(`${cmd} exited with ${code}: ${err.trim().slice(-2000)}`))));
  });
}

async function fileEntry(file: string) {
  return { sha256: await sha256File(file), bytes: (await fsp.stat(file)).size };
}

async function writeDurable(file: string, text: string) {
  const fh = await fsp.open(file, 'w');
  try {
    await fh.writeFile(text);
    await fh.datasync();
  } finally {
    await fh.close();
  }
}

const blobRoot = (config: Config) => path.join(config.dataDir, 'blobs');

/** Backs up the database and blob store `config` names into `dir` (new or empty). */
export async function backup(config: Config, dir: string, log: Log = () => {}): Promise<BackupManifest> {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length) throw new BackupError(`backup directory ${dir} is not empty: use a new directory for each backup`);
  const disk = config.blobDriver === 'disk';
  let facts: DatabaseFacts;
  let dbFile: string;
  let blobs: { key: string; sha256: string; bytes: number }[] = [];
  let s3Keys: string[] = [];
  if (config.databaseDriver === 'pglite') {
    // one process per data dir: the server must be stopped (its server.pid says whether it runs)
    const owner = dataDirOwner(config.dataDir);
    if (owner) throw new DataDirInUse(config.dataDir, owner);
    if (!pgliteDataExists(config.dataDir)) throw new BackupError(`no embedded database in ${config.dataDir}`);
    const release = claimDataDir(config.dataDir, 'backup');
    fs.mkdirSync(dir, { recursive: true });
    try {
      const db = await openDatabase({ driver: 'pglite', dataDir: config.dataDir });
      try {
        facts = await backupRepo.facts(db.kysely);
        log(`database: ${facts.cases} cases, ${facts.photos} photos, audit head #${facts.audit?.lastId ?? 0}`);
        const tar = await db.pglite!.dumpDataDir('gzip');
        dbFile = PGLITE_TAR;
        await fsp.writeFile(path.join(dir, dbFile), Buffer.from(await tar.arrayBuffer()));
        if (!disk) s3Keys = await photoKeyList(db);
      } finally {
        await db.close();
      }
      if (disk) blobs = await copyBlobs(blobRoot(config), path.join(dir, 'blobs'), await blobKeys(blobRoot(config)));
    } finally {
      release();
    }
  } else {
    fs.mkdirSync(dir, { recursive: true });
    const db = await openDatabase({ driver: 'postgres', databaseUrl: config.databaseUrl, poolSize: 2 });
    try {
      // anchors first (see the header), then the snapshot, then the photo files
      const before = disk ? (await blobKeys(blobRoot(config))).filter((k) => k.startsWith(ANCHOR_PREFIX)) : [];
      if (disk) blobs = await copyBlobs(blobRoot(config), path.join(dir, 'blobs'), before);
      dbFile = PG_DUMP;
      facts = await db.kysely.connection().execute(async (conn) => {
        const snapshot = await backupRepo.beginSnapshot(conn);
        try {
          const f = await backupRepo.facts(conn);
          log(`database snapshot ${snapshot}: ${f.cases} cases, ${f.photos} photos, audit head #${f.audit?.lastId ?? 0}`);
          await run('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, `--file=${path.join(dir, PG_DUMP)}`, `--dbname=${config.databaseUrl}`]);
          return f;
        } finally {
          await backupRepo.endSnapshot(conn);
        }
      });
      if (disk) {
        const rest = (await blobKeys(blobRoot(config))).filter((k) => !k.startsWith(ANCHOR_PREFIX));
        blobs = [...blobs, ...(await copyBlobs(blobRoot(config), path.join(dir, 'blobs'), rest))].sort((a, b) => (a.key < b.key ? -1 : 1));
      } else s3Keys = await photoKeyList(db);
    } finally {
      await db.close();
    }
  }
  const list = disk ? blobs.map((b) => `${b.sha256}  ${b.key}\n`).join('') : s3Keys.join('');
  await writeDurable(path.join(dir, BLOB_LIST), list);
  const manifest: BackupManifest = {
    kind: 'wuweijian-backup',
    format: 1,
    createdAt: new Date().toISOString(),
    driver: config.databaseDriver,
    blobDriver: config.blobDriver,
    facts,
    blobs: { copied: disk, files: disk ? blobs.length : s3Keys.length, bytes: blobs.reduce((n, b) => n + b.bytes, 0) },
    files: { [dbFile]: await fileEntry(path.join(dir, dbFile)), [BLOB_LIST]: await fileEntry(path.join(dir, BLOB_LIST)) },
  };
  // the manifest last: a backup without one is incomplete
  await writeDurable(path.join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  log(
    `blobs: ${manifest.blobs.files} ${disk ? `files copied (${(manifest.blobs.bytes / 1e6).toFixed(1)} MB)` : 'photo keys listed (the bucket is backed up by its own versioning)'}`,
  );
  return manifest;
}

/** With S3: every photo's keys, the original's with its hash (`sha256  key`, derived copies with `-`). */
async function photoKeyList(db: Database): Promise<string[]> {
  const repo = photosRepo(db);
  const lines: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await repo.keysPage(after, 1000);
    if (!page.length) break;
    for (const p of page) {
      lines.push(`${p.sha256}  ${p.blob_key}\n`);
      for (const k of [p.display_key, p.thumb_key]) if (k) lines.push(`-  ${k}\n`);
    }
    after = page[page.length - 1].id;
  }
  return [...new Set(lines)].sort();
}

export interface RestoreCheck {
  what: string;
  ok: boolean;
  detail: string;
}

export interface RestoreReport {
  ok: boolean;
  manifest: BackupManifest;
  checks: RestoreCheck[];
}

/** Reads and checks a backup's manifest and files (sizes and SHA-256). */
export async function readBackup(dir: string): Promise<BackupManifest> {
  const mf = path.join(dir, MANIFEST);
  if (!fs.existsSync(mf)) throw new BackupError(`${dir} holds no ${MANIFEST}: not a backup, or an incomplete one`);
  const manifest = JSON.parse(fs.readFileSync(mf, 'utf8')) as BackupManifest;
  if (manifest.kind !== 'wuweijian-backup' || manifest.format !== 1) throw new BackupError(`${mf}: not a backup manifest this version reads`);
  for (const [name, want] of Object.entries(manifest.files)) {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) throw new BackupError(`backup file missing: ${name}`);
    const got = await fileEntry(file);
    if (got.sha256 !== want.sha256) throw new BackupError(`backup file changed: ${name} (sha256 ${got.sha256}, manifest ${want.sha256})`);
  }
  return manifest;
}

/**
 * Restores a backup into the database and blob store `config` names, then checks it: migrations, the
 * counts and audit head against the manifest, `audit verify`, `blobs check`. A target that holds data is
 * refused unless `force` (then it is emptied first).
 */
export async function restore(config: Config, dir: string, opts: { force?: boolean } = {}, log: Log = () => {}): Promise<RestoreReport> {
  const manifest = await readBackup(dir);
  if (manifest.driver !== config.databaseDriver) {
    throw new BackupError(`the backup is of the ${manifest.driver} database; this configuration uses ${config.databaseDriver} (set or unset DATABASE_URL)`);
  }
  if (manifest.blobDriver !== config.blobDriver) throw new BackupError(`the backup's blobs are on ${manifest.blobDriver}; this configuration uses ${config.blobDriver}`);
  const disk = config.blobDriver === 'disk';
  const blobsTo = blobRoot(config);
  const listed = fs
    .readFileSync(path.join(dir, BLOB_LIST), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => ({ sha256: l.slice(0, l.indexOf('  ')), key: l.slice(l.indexOf('  ') + 2) }));
  const blobsThere = disk && (await blobKeys(blobsTo)).length > 0;
  let release = () => {};
  let db: Database;
  if (config.databaseDriver === 'pglite') {
    const owner = dataDirOwner(config.dataDir);
    if (owner) throw new DataDirInUse(config.dataDir, owner);
    if ((pgliteDataExists(config.dataDir) || blobsThere) && !opts.force) {
      throw new BackupError(`${config.dataDir} holds a database or photos already: restore into a new DATA_DIR, or add --force to replace them`);
    }
    release = claimDataDir(config.dataDir, 'restore');
    fs.rmSync(path.join(config.dataDir, 'pglite'), { recursive: true, force: true });
  }
  try {
    if (config.databaseDriver === 'postgres') {
      db = await openDatabase({ driver: 'postgres', databaseUrl: config.databaseUrl, poolSize: 2 });
      const full = await backupRepo.hasTables(db.kysely);
      if ((full || blobsThere) && !opts.force) {
        await db.close();
        throw new BackupError(
          `the target ${full ? 'database has tables' : `blob directory ${blobsTo} holds files`} already: restore into a new database and DATA_DIR, or add --force to replace them`,
        );
      }
      if (full) await backupRepo.dropPublicSchema(db.kysely);
    }
    if (blobsThere) fs.rmSync(blobsTo, { recursive: true, force: true });
    const checks: RestoreCheck[] = [];
    if (disk) {
      const copied = await copyBlobs(path.join(dir, 'blobs'), blobsTo, await blobKeys(path.join(dir, 'blobs')));
      const got = new Map(copied.map((c) => [c.key, c.sha256]));
      const bad = listed.filter((l) => got.get(l.key) !== l.sha256);
      checks.push({
        what: 'blob files',
        ok: bad.length === 0 && copied.length === manifest.blobs.files,
        detail: bad.length ? `${bad.length} differ from blobs.sha256, first ${bad[0].key}` : `${copied.length} files copied, each as blobs.sha256 lists it`,
      });
      log(`blobs: ${copied.length} files restored to ${blobsTo}`);
    }
    if (config.databaseDriver === 'pglite') {
      const tar = await fsp.readFile(path.join(dir, PGLITE_TAR));
      db = await openDatabase({ driver: 'pglite', dataDir: config.dataDir, loadDataDir: new Blob([tar]) });
    } else {
      await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${config.databaseUrl}`, path.join(dir, PG_DUMP)]);
      await db!.close();
      db = await openDatabase({ driver: 'postgres', databaseUrl: config.databaseUrl, poolSize: 2 });
    }
    log('database restored');
    try {
      const applied = await migrateToLatest(db);
      if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
      const f = await backupRepo.facts(db.kysely);
      const m = manifest.facts;
      checks.push({ what: 'case count', ok: f.cases === m.cases, detail: `${f.cases} (manifest ${m.cases})` });
      checks.push({ what: 'photo count', ok: f.photos === m.photos, detail: `${f.photos} (manifest ${m.photos})` });
      checks.push({
        what: 'audit head',
        ok: f.audit?.lastId === m.audit?.lastId && f.audit?.hash === m.audit?.hash,
        detail: `#${f.audit?.lastId ?? 0} ${f.audit?.hash.slice(0, 16) ?? '-'}… (manifest #${m.audit?.lastId ?? 0} ${m.audit?.hash.slice(0, 16) ?? '-'}…)`,
      });
      const deps = createDeps(config, db);
      const v = await deps.services.audit.verify();
      checks.push({ what: 'audit verify', ok: v.ok, detail: v.ok ? `${v.checked} records intact` : `broken at #${v.firstBrokenId}: ${v.message}` });
      const b = await checkPhotoBlobs({ photosRepo: deps.repos.photos, blobs: deps.blobs, patchesRepo: patchesRepo(deps.db) });
      checks.push({
        what: 'blobs check',
        ok: b.ok,
        detail: b.ok
          ? `${b.photos} photos, ${b.patchPhotos} patch photos, ${b.originals} originals hashed, ${b.derived} copies present`
          : `${b.problemCount} problems, first: ${problemLine(b.problems[0])}`,
      });
    } finally {
      await db.close();
    }
    return { ok: checks.every((c) => c.ok), manifest, checks };
  } finally {
    release();
  }
}
