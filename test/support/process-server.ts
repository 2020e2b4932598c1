import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PG_TEMPLATE_DB, ROOT } from './env.js';
import { scratchPgDatabase } from './pg.js';

/**
 * The real server (src/main.ts) as a child process on a data dir and, on PostgreSQL, a database of its own:
 * what the crash, restart and backup tests need (they kill it, start it again on the same data, run the CLI
 * beside it). Its output is kept as lines to wait for.
 */
export interface ServerProcess {
  base: string;
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first output line matching `re` (already printed or to come). */
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGKILL: no cleanup of any kind. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit (the server closes the database and its data dir mark). */
  stop(): Promise<void>;
}

export function serverEnv(dataDir: string, databaseUrl: string | undefined, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '', LOG_LEVEL: 'warn', ...extra };
}

export async function startServerProcess(env: NodeJS.ProcessEnv, timeoutMs = 600_000, opts: { echo?: boolean } = {}): Promise<ServerProcess> {
  // PORT=0: the kernel gives a free port and the server names it ("listening on http://…"); a port chosen here
  // could be taken meanwhile (another test's server, an outgoing connection's ephemeral port)
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env: { ...env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  const onData = (out: NodeJS.WriteStream) => (buf: Buffer) => {
    if (opts.echo) out.write(buf);
    for (const l of buf.toString().split('\n')) {
      if (!l) continue;
      lines.push(l);
      for (const w of [...waiters]) if (w.re.test(l)) waiters.splice(waiters.indexOf(w), 1), w.resolve(l);
    }
  };
  child.stdout!.on('data', onData(process.stdout));
  child.stderr!.on('data', onData(process.stderr));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const waitFor = (re: RegExp, ms = 120_000) =>
    new Promise<string>((resolve, reject) => {
      const seen = lines.find((l) => re.test(l));
      if (seen) return resolve(seen);
      const timer = setTimeout(() => reject(new Error(`no line ${re} in ${ms} ms; output:\n${lines.slice(-30).join('\n')}`)), ms);
      waiters.push({ re, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      child.once('exit', (code) => reject(new Error(`server exited (${code}) before ${re}; output:\n${lines.slice(-30).join('\n')}`)));
    });
  // the first start builds the demo city: minutes on a loaded machine
  const base = /listening on (http:\/\/\S+)/.exec(await waitFor(/listening on http:\/\//, timeoutMs))![1];
  const end = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${lines.slice(-30).join('\n')}`);
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > end) throw new Error('server did not become healthy');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    base,
    child,
    lines,
    waitFor,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A PostgreSQL database cloned from the migrated test template. */
export const freshPgDatabase = () => scratchPgDatabase(PG_TEMPLATE_DB);

/** An empty PostgreSQL database (no tables: a restore target). */
export const emptyPgDatabase = () => scratchPgDatabase();

/** `npm run cli -- …` with this environment. */
export function runCli(env: NodeJS.ProcessEnv, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, encoding: 'utf8', env, timeout: 600_000 });
}

/** The demo account of a role (DATA_DIR/demo-accounts.txt: role, username, jurisdiction, password). */
export function demoAccount(dataDir: string, role: string): { username: string; password: string } {
  const line = fs
    .readFileSync(path.join(dataDir, 'demo-accounts.txt'), 'utf8')
    .split('\n')
    .map((l) => l.split('\t'))
    .find((f) => f[0] === role);
  if (!line) throw new Error(`no demo account of role ${role}`);
  return { username: line[1], password: line[3] };
}

/** Every temporary file under a directory. */
export function tempFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((n) => n.endsWith('.tmp'));
}
