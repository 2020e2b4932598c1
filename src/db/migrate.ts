import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Database } from './database.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Migrations are the files in `migrations/`, applied in name order (YYYYMMDD-NN-verb-object.ts). */
class FolderProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const f of fs.readdirSync(dir).sort()) {
      if (!/^\d{8}-\d{2}-[a-z0-9-]+\.(ts|js)$/.test(f)) continue;
      out[f.replace(/\.(ts|js)$/, '')] = await import(pathToFileURL(path.join(dir, f)).href);
    }
    return out;
  }
}

export async function migrateToLatest(db: Database): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider: new FolderProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
