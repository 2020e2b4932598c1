import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { processAlive } from './process.js';

/**
 * Where photo bytes live. Keys are relative paths such as `originals/ab/cd/<sha256>.jpg`.
 * The disk driver (below) is the default; `S3BlobStore` (s3-blobs.ts) keeps them in an S3-compatible
 * bucket. `BLOB_DRIVER` chooses; callers see no difference.
 */
export interface BlobStore {
  readonly driver: string;
  /**
   * Writes atomically (disk: temp file + rename; S3: one PUT); writing an existing key with the same bytes
   * is a no-op. The bytes may come as the chunks an upload arrived in.
   */
  put(key: string, data: Buffer | readonly Buffer[], opts?: PutOptions): Promise<void>;
  get(key: string): Promise<Buffer>;
  /** Returns at once; a missing key or a failed read surfaces as the stream's 'error'. */
  stream(key: string): Readable;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Disk only: removes the temporary files of writes a crash interrupted; how many (an S3 PUT leaves none). */
  removeTempFiles?(): Promise<number>;
  /** Disk only: waits until every `lazy` put so far is on the disk (at a graceful stop). */
  flush?(): Promise<void>;
  /**
   * Disk only: of these keys of JPEG copies, those a crash may have cut short (missing, empty, or not
   * ending with the JPEG end marker): a `lazy` put answers before its bytes reach the disk.
   */
  brokenJpegs?(keys: readonly string[]): Promise<string[]>;
  /** Every key that begins with `prefix` (e.g. `audit-anchors/`), sorted; no temporary files. */
  list(prefix: string): Promise<string[]>;
}

/** How an object is kept (the audit chain's anchors). */
export interface PutOptions {
  /** S3: object-lock retention in COMPLIANCE mode until then (the bucket must have object lock on); disk: ignored. */
  retainUntil?: Date;
  /**
   * Disk: the bytes can be made again from another blob (a photo's display copy and thumbnail, rendered
   * from its original), so the put answers once the file has its name, without waiting for the disk; a
   * background flush makes such files durable in batches within LAZY_SYNC_MS. A crash in that window can
   * lose them (`brokenJpegs` finds them; the photos service renders them again at start). S3: ignored.
   */
  lazy?: boolean;
}

/** How long a `lazy` put may stay in the page cache before the background flush syncs it. */
export const LAZY_SYNC_MS = 500;

export function checkKey(key: string): string {
  if (!/^[a-z0-9][a-z0-9/_.-]*$/.test(key) || key.includes('..') || key.includes('//')) throw new Error(`invalid blob key: ${key}`);
  return key;
}

/**
 * Writes chunks to a new file with as few writev calls as the kernel allows, then (durable) fsyncs it:
 * the bytes are on the disk before the file gets its name (rename), so a crash never leaves a named file
 * whose bytes were still in the page cache.
 */
async function writeFile(file: string, chunks: readonly Buffer[], durable: boolean) {
  const fh = await fsp.open(file, 'w');
  try {
    let rest = chunks.filter((c) => c.length > 0);
    while (rest.length) {
      let { bytesWritten: n } = await fh.writev(rest.slice(0, 1024));
      // a short write (rare on a regular file): go on from where it stopped
      while (rest.length && n >= rest[0].length) n -= rest.shift()!.length;
      if (n > 0) rest = [rest[0].subarray(n), ...rest.slice(1)];
    }
    if (durable) await fh.datasync();
  } finally {
    await fh.close();
  }
}

/** Makes the entries of `dir` durable (a rename into it, a new subdirectory). */
async function syncDir(dir: string) {
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * A put's temporary file is `<key>.<pid>-<host>.<uuid>.tmp`: the writer's process id and host name let a
 * starting server tell a file a crashed process left (remove it) from one another live process sharing
 * the directory is writing right now (leave it).
 */
const HOST =
  os
    .hostname()
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-') || 'host';
const TEMP_NAME = /\.(\d+)-([a-z0-9-]+)\.[0-9a-f-]{36}\.tmp$/;
/** A temporary file this old is abandoned whoever wrote it (a put takes well under a second). */
const TEMP_STALE_MS = 10 * 60_000;

export class DiskBlobStore implements BlobStore {
  readonly driver = 'disk';
  constructor(private readonly root: string) {
    fs.mkdirSync(root, { recursive: true });
  }
  private file(key: string) {
    return path.join(this.root, checkKey(key));
  }
  /** Directories this process made or found: a photo's three writes need no mkdir each. */
  private readonly dirs = new Set<string>();
  /** Files of `lazy` puts not yet synced, and the flush that will sync them. */
  private unsynced = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private syncing: Promise<void> = Promise.resolve();
  async put(key: string, data: Buffer | readonly Buffer[], opts: PutOptions = {}) {
    const f = this.file(key);
    const dir = path.dirname(f);
    const tmp = `${f}.${process.pid}-${HOST}.${randomUUID()}.tmp`;
    const lazy = opts.lazy === true;
    const write = () => writeFile(tmp, Buffer.isBuffer(data) ? [data] : data, !lazy);
    if (!this.dirs.has(dir)) {
      await this.makeDir(dir);
      this.dirs.add(dir);
    }
    try {
      await write().catch(async (e: NodeJS.ErrnoException) => {
        // the directory was removed under us (a cleanup, an operator): make it again, once
        if (e.code !== 'ENOENT') throw e;
        await this.makeDir(dir);
        await write();
      });
      await fsp.rename(tmp, f);
    } catch (e) {
      // a failed write (a full disk) leaves no temporary file behind
      await fsp.rm(tmp, { force: true });
      throw e;
    }
    if (lazy) {
      this.unsynced.add(f);
      this.timer ??= setTimeout(() => void this.syncLazy(), LAZY_SYNC_MS).unref();
      return;
    }
    // the row that names this key commits after put returns: the name must survive a crash as well
    await syncDir(dir);
  }
  /** Syncs the files of the `lazy` puts made so far, then their directories, each once (after any sync under way). */
  private syncLazy(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const files = [...this.unsynced];
    this.unsynced.clear();
    this.syncing = this.syncing.then(() => this.syncFiles(files));
    return this.syncing;
  }
  private async syncFiles(files: string[]) {
    if (!files.length) return;
    const dirs = new Set(files.map((f) => path.dirname(f)));
    const syncFile = async (f: string) => {
      const fh = await fsp.open(f, 'r').catch(() => null); // deleted since (a refused report's copies)
      if (!fh) return;
      try {
        await fh.datasync();
      } finally {
        await fh.close();
      }
    };
    try {
      await Promise.all(files.map(syncFile));
      await Promise.all([...dirs].map((d) => syncDir(d).catch(() => undefined)));
    } catch (err) {
      // a disk error: tried again with the next batch (a copy left unsynced for hours could be older than
      // the newest photos the check at start looks at)
      console.error('syncing display copies failed', err);
      for (const f of files) this.unsynced.add(f);
      this.timer ??= setTimeout(() => void this.syncLazy(), LAZY_SYNC_MS).unref();
    }
  }
  flush() {
    return this.syncLazy();
  }
  async brokenJpegs(keys: readonly string[]) {
    const broken: string[] = [];
    for (const key of keys) {
      const fh = await fsp.open(this.file(key), 'r').catch(() => null);
      if (!fh) {
        broken.push(key);
        continue;
      }
      try {
        const { size } = await fh.stat();
        const end = Buffer.alloc(2);
        if (size < 4 || (await fh.read(end, 0, 2, size - 2)).bytesRead !== 2 || end[0] !== 0xff || end[1] !== 0xd9) broken.push(key);
      } finally {
        await fh.close();
      }
    }
    return broken;
  }
  /** mkdir -p, and each new directory's entry made durable in its parent (a photo's first `originals/ab/cd`). */
  private async makeDir(dir: string) {
    const first = await fsp.mkdir(dir, { recursive: true });
    if (!first) return;
    for (let d = dir; ; d = path.dirname(d)) {
      await syncDir(path.dirname(d));
      if (d === first || path.dirname(d) === d) break;
    }
  }
  /**
   * Removes the temporary files of puts a crash interrupted (`kill -9`, a power cut): those of a process
   * of this host that is gone, and any older than 10 minutes. Files of live processes stay (several
   * servers may share the directory with PostgreSQL). Returns how many were removed.
   */
  async removeTempFiles(): Promise<number> {
    const names = (await fsp.readdir(this.root, { recursive: true })).filter((n) => n.endsWith('.tmp'));
    let removed = 0;
    for (const name of names) {
      const file = path.join(this.root, name);
      const m = TEMP_NAME.exec(name);
      const pid = m ? Number(m[1]) : 0;
      if (pid === process.pid && m?.[2] === HOST) continue;
      let abandoned = m !== null && m[2] === HOST && !processAlive(pid);
      if (!abandoned) {
        const st = await fsp.stat(file).catch(() => null);
        abandoned = st !== null && Date.now() - st.mtimeMs > TEMP_STALE_MS;
      }
      if (abandoned) {
        await fsp.rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }
  get(key: string) {
    return fsp.readFile(this.file(key));
  }
  stream(key: string) {
    return fs.createReadStream(this.file(key));
  }
  async exists(key: string) {
    return fsp.access(this.file(key)).then(
      () => true,
      () => false,
    );
  }
  async delete(key: string) {
    await fsp.rm(this.file(key), { force: true });
  }
  async list(prefix: string) {
    // walk the deepest directory the prefix names, keep the keys that begin with it
    const top = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const out: string[] = [];
    const walk = async (rel: string): Promise<void> => {
      const entries = await fsp.readdir(path.join(this.root, rel), { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return [];
        throw e;
      });
      for (const e of entries) {
        const key = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(key);
        else if (key.startsWith(prefix) && !/\.[0-9a-f-]{36}\.tmp$/.test(key)) out.push(key);
      }
    };
    await walk(top);
    return out.sort();
  }
}
