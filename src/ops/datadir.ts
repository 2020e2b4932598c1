import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processAlive } from '../platform/process.js';

/**
 * Who has the embedded data dir open. PGlite admits one process per data dir and takes no lock of its
 * own (its `postmaster.pid` stays behind after a `kill -9`), so the server writes `DATA_DIR/server.pid`
 * while it runs, and `backup` / `restore` refuse a data dir a live process holds.
 */
const PID_FILE = 'server.pid';

export interface DataDirOwner {
  pid: number;
  host: string;
  startedAt: string;
  what: string;
}

/** The live process that holds `dataDir`, or null (no pid file, or its process is gone). */
export function dataDirOwner(dataDir: string): DataDirOwner | null {
  let owner: DataDirOwner;
  try {
    owner = JSON.parse(fs.readFileSync(path.join(dataDir, PID_FILE), 'utf8')) as DataDirOwner;
  } catch {
    return null;
  }
  if (owner.pid === process.pid) return null;
  // another host's process (a shared disk): believe the file
  if (owner.host !== os.hostname()) return owner;
  return processAlive(owner.pid) ? owner : null;
}

/**
 * Marks `dataDir` as this process's (`what`: "server", "restore"); throws when a live process holds it.
 * Returns the release (removes the mark; also on exit).
 */
export function claimDataDir(dataDir: string, what: string): () => void {
  const owner = dataDirOwner(dataDir);
  if (owner) throw new DataDirInUse(dataDir, owner);
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, PID_FILE);
  fs.writeFileSync(file, JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), what } satisfies DataDirOwner));
  const release = () => {
    try {
      const now = JSON.parse(fs.readFileSync(file, 'utf8')) as DataDirOwner;
      if (now.pid === process.pid) fs.rmSync(file, { force: true });
    } catch {
      /* already gone */
    }
    process.off('exit', release);
  };
  process.on('exit', release);
  return release;
}

export class DataDirInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: DataDirOwner,
  ) {
    super(
      `the data dir ${dataDir} is in use by process ${owner.pid} on ${owner.host} (${owner.what}, since ${owner.startedAt}); ` +
        'the embedded database admits one process: stop the server first',
    );
    this.name = 'DataDirInUse';
  }
}
