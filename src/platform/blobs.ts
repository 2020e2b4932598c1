import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';

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
  /** Every key that begins with `prefix` (e.g. `audit-anchors/`), sorted; no temporary files. */
  list(prefix: string): Promise<string[]>;
}

/** How an object is kept (the audit chain's anchors). */
export interface PutOptions {
  /** S3: object-lock retention in COMPLIANCE mode until then (the bucket must have object lock on); disk: ignored. */
  retainUntil?: Date;
}

export function checkKey(key: string): string {
  if (!/^[a-z0-9][a-z0-9/_.-]*$/.test(key) || key.includes('..') || key.includes('//')) throw new Error(`invalid blob key: ${key}`);
  return key;
}

/** Writes chunks to a new file with as few writev calls as the kernel allows. */
async function writeChunks(file: string, chunks: readonly Buffer[]) {
  const fh = await fsp.open(file, 'w');
  try {
    let rest = chunks.filter((c) => c.length > 0);
    while (rest.length) {
      let { bytesWritten: n } = await fh.writev(rest.slice(0, 1024));
      // a short write (rare on a regular file): go on from where it stopped
      while (rest.length && n >= rest[0].length) n -= rest.shift()!.length;
      if (n > 0) rest = [rest[0].subarray(n), ...rest.slice(1)];
    }
  } finally {
    await fh.close();
  }
}

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
  async put(key: string, data: Buffer | readonly Buffer[]) {
    const f = this.file(key);
    const dir = path.dirname(f);
    const tmp = `${f}.${randomUUID()}.tmp`;
    const write = () => (Buffer.isBuffer(data) ? fsp.writeFile(tmp, data) : writeChunks(tmp, data));
    if (!this.dirs.has(dir)) {
      await fsp.mkdir(dir, { recursive: true });
      this.dirs.add(dir);
    }
    await write().catch(async (e: NodeJS.ErrnoException) => {
      // the directory was removed under us (a cleanup, an operator): make it again, once
      if (e.code !== 'ENOENT') throw e;
      await fsp.mkdir(dir, { recursive: true });
      await write();
    });
    await fsp.rename(tmp, f);
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
