/**
 * The cluster on one machine, for trying it out (deploy/try-cluster.sh) and for test/cluster: an S3-compatible
 * store, web processes (RUN_WORKER=0), workers and nginx in front, each a child process with its output kept.
 * PostgreSQL is the machine's own (the caller passes DATABASE_URL).
 *
 *   node --import tsx deploy/cluster.ts [--web 2] [--workers 1] [--port 8080] [--dir .tmp/cluster] [--database-url URL] [--demo]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const NGINX_SITE = path.join(ROOT, 'deploy', 'nginx', 'wuweijian.conf');

/** A child process with its output as lines (also appended to `logFile`). */
export interface Proc {
  name: string;
  child: ChildProcess;
  lines: string[];
  /** The first output line matching `re`, printed already or to come. */
  waitFor(re: RegExp, ms?: number): Promise<string>;
  /** SIGKILL, no cleanup of any kind. */
  kill(): Promise<void>;
  /** SIGTERM (SIGQUIT for nginx) and wait for the exit. */
  stop(): Promise<void>;
  readonly exited: boolean;
}

export function spawnProc(name: string, cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; logFile?: string; stopSignal?: NodeJS.Signals; echo?: boolean } = {}): Proc {
  const child = spawn(cmd, args, { cwd: ROOT, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  const log = opts.logFile ? fs.createWriteStream(opts.logFile, { flags: 'a' }) : null;
  const onData = (buf: Buffer) => {
    log?.write(buf);
    if (opts.echo) process.stdout.write(`[${name}] ${buf}`);
    for (const l of buf.toString().split('\n')) {
      if (!l) continue;
      lines.push(l);
      if (lines.length > 5000) lines.splice(0, 1000);
      for (const w of [...waiters]) if (w.re.test(l)) waiters.splice(waiters.indexOf(w), 1), w.resolve(l);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let exited = false;
  const exit = new Promise<void>((r) =>
    child.once('exit', () => {
      exited = true;
      log?.end();
      r();
    }),
  );
  return {
    name,
    child,
    lines,
    get exited() {
      return exited;
    },
    waitFor: (re, ms = 120_000) =>
      new Promise<string>((resolve, reject) => {
        const seen = lines.find((l) => re.test(l));
        if (seen) return resolve(seen);
        const timer = setTimeout(() => reject(new Error(`${name}: no line ${re} in ${ms} ms; output:\n${lines.slice(-30).join('\n')}`)), ms);
        waiters.push({ re, resolve: (l) => (clearTimeout(timer), resolve(l)) });
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`${name} exited (${code}) before ${re}; output:\n${lines.slice(-30).join('\n')}`));
        });
      }),
    async kill() {
      if (!exited) child.kill('SIGKILL');
      await exit;
    },
    async stop() {
      if (!exited) child.kill(opts.stopSignal ?? 'SIGTERM');
      await exit;
    },
  };
}

/** A port nobody listens on now (the kernel's choice; the caller binds it soon after). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function until(what: string, ok: () => Promise<boolean>, ms = 60_000) {
  const end = Date.now() + ms;
  while (!(await ok().catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface S3Store extends Proc {
  port: number;
  dir: string;
  /** BLOB_DRIVER=s3 and the S3_* settings pointing at it. */
  env: Record<string, string>;
}

/** s3rver in a process of its own (deploy/s3-store.ts); started again on the same port and directory it has the same objects. */
export async function startS3Store(opts: { dir: string; port?: number; bucket?: string; logFile?: string }): Promise<S3Store> {
  const port = opts.port ?? (await freePort());
  const bucket = opts.bucket ?? 'wwj-photos';
  fs.mkdirSync(opts.dir, { recursive: true });
  const p = spawnProc('s3', process.execPath, ['--import', 'tsx', 'deploy/s3-store.ts', '--dir', opts.dir, '--port', String(port), '--bucket', bucket], { logFile: opts.logFile });
  await p.waitFor(/s3 store listening/, 60_000);
  const endpoint = `http://127.0.0.1:${port}`;
  return Object.assign(p, {
    port,
    dir: opts.dir,
    env: { BLOB_DRIVER: 's3', S3_ENDPOINT: endpoint, S3_BUCKET: bucket, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' },
  });
}

export interface AppProc extends Proc {
  base: string;
  port: number;
}

/** `src/main.ts` as a web process or a worker: healthy on /api/health before this returns. */
export async function startApp(name: string, env: NodeJS.ProcessEnv, opts: { port?: number; logFile?: string; nodeArgs?: string[]; timeoutMs?: number } = {}): Promise<AppProc> {
  const p = spawnProc(name, process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', 'src/main.ts'], {
    env: { ...env, HOST: '127.0.0.1', PORT: String(opts.port ?? 0) },
    logFile: opts.logFile,
  });
  const base = /listening on (http:\/\/\S+)/.exec(await p.waitFor(/listening on http:\/\//, opts.timeoutMs ?? 600_000))![1];
  await until(`${name} /api/health`, async () => (await fetch(`${base}/api/health`)).ok);
  return Object.assign(p, { base, port: Number(new URL(base).port) });
}

/** A whole nginx.conf around deploy/nginx/wuweijian.conf, with these web processes and this port, its files under `runDir`. */
export function nginxConfig(opts: { listen: number; web: number[]; runDir: string }): string {
  let site = fs.readFileSync(NGINX_SITE, 'utf8');
  const begin = site.indexOf('    # web processes: begin');
  const end = site.indexOf('    # web processes: end');
  if (begin < 0 || end < 0) throw new Error(`${NGINX_SITE}: the "web processes: begin/end" lines are missing`);
  site = `${site.slice(0, begin)}${opts.web.map((p) => `    server 127.0.0.1:${p} max_fails=2 fail_timeout=10s;\n`).join('')}${site.slice(end)}`;
  site = site.replace(/^ {4}listen 80;$/m, `    listen 127.0.0.1:${opts.listen};`);
  const d = opts.runDir;
  return `# generated by deploy/cluster.ts from deploy/nginx/wuweijian.conf
worker_processes 1;
pid ${d}/nginx.pid;
error_log ${d}/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
    access_log ${d}/access.log;
    client_body_temp_path ${d}/client_body;
    proxy_temp_path ${d}/proxy;
    fastcgi_temp_path ${d}/fastcgi;
    uwsgi_temp_path ${d}/uwsgi;
    scgi_temp_path ${d}/scgi;
    sendfile on;
    tcp_nopush on;
${site.replace(/^/gm, '    ')}
}
`;
}

export function nginxBinary(): string {
  for (const p of ['/usr/sbin/nginx', '/usr/local/sbin/nginx']) if (fs.existsSync(p)) return p;
  throw new Error('nginx is not installed: apt-get install -y nginx-light (or nginx)');
}

export interface Nginx extends Proc {
  base: string;
  conf: string;
}

/** nginx in the foreground with its own configuration (checked with nginx -t first). */
export async function startNginx(opts: { listen?: number; web: number[]; runDir: string; logFile?: string }): Promise<Nginx> {
  const listen = opts.listen ?? (await freePort());
  fs.mkdirSync(opts.runDir, { recursive: true });
  // its workers may run as www-data/nobody: the temporary directories must be theirs to write
  for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) fs.mkdirSync(path.join(opts.runDir, d), { recursive: true, mode: 0o777 });
  fs.chmodSync(opts.runDir, 0o777);
  const conf = path.join(opts.runDir, 'nginx.conf');
  fs.writeFileSync(conf, nginxConfig({ listen, web: opts.web, runDir: opts.runDir }));
  const bin = nginxBinary();
  const t = spawnSync(bin, ['-t', '-q', '-p', opts.runDir, '-c', conf], { encoding: 'utf8' });
  if (t.status !== 0) throw new Error(`nginx -t refused ${conf}:\n${t.stderr}`);
  const p = spawnProc('nginx', bin, ['-p', opts.runDir, '-c', conf], { logFile: opts.logFile, stopSignal: 'SIGQUIT' });
  const base = `http://127.0.0.1:${listen}`;
  await until('nginx', async () => (await fetch(`${base}/api/health`)).status < 600, 30_000);
  return Object.assign(p, { base, conf });
}

// ---- try-out: everything on one machine until Ctrl-C --------------------------------------------------

async function main() {
  const { values } = parseArgs({
    options: {
      web: { type: 'string', default: '2' },
      workers: { type: 'string', default: '1' },
      port: { type: 'string', default: '8080' },
      'app-port': { type: 'string', default: '3001' },
      's3-port': { type: 'string', default: '9000' },
      dir: { type: 'string', default: path.join(ROOT, '.tmp', 'cluster') },
      'database-url': { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/wwj_cluster' },
      demo: { type: 'boolean', default: false },
    },
  });
  const dir = path.resolve(values.dir!);
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  const logs = (n: string) => path.join(dir, 'logs', `${n}.log`);
  const procs: Proc[] = [];
  const stopAll = async () => {
    for (const p of procs.reverse()) await p.stop().catch(() => undefined);
  };
  process.on('SIGINT', () => void stopAll().then(() => process.exit(0)));
  process.on('SIGTERM', () => void stopAll().then(() => process.exit(0)));
  try {
    const s3 = await startS3Store({ dir: path.join(dir, 's3'), port: Number(values['s3-port']), logFile: logs('s3') });
    procs.push(s3);
    console.log(`S3 store     http://127.0.0.1:${s3.port} (s3rver, objects under ${s3.dir})`);
    const common: NodeJS.ProcessEnv = {
      ...process.env,
      ...s3.env,
      DATABASE_URL: values['database-url'],
      // one directory for every process: tus uploads of originals are resumed on whichever process nginx picks
      DATA_DIR: path.join(dir, 'data'),
      TRUST_PROXY: '127.0.0.1',
      UV_THREADPOOL_SIZE: '8',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    };
    const nodeArgs = ['--initial-heap-size=512', '--max-semi-space-size=64'];
    // workers first: the first one applies the migrations (and seeds the demo city into an empty database)
    const workers = Number(values.workers);
    for (let i = 1; i <= workers; i++) {
      const w = await startApp(`worker-${i}`, { ...common, RUN_WORKER: '1', DEMO: values.demo && i === 1 ? '1' : '0' }, { logFile: logs(`worker-${i}`), nodeArgs });
      procs.push(w);
      console.log(`worker ${i}     ${w.base} (jobs, sweeps; not behind nginx)`);
    }
    const web: number[] = [];
    for (let i = 1; i <= Number(values.web); i++) {
      const port = Number(values['app-port']) + i - 1;
      const w = await startApp(
        `web-${i}`,
        { ...common, RUN_WORKER: '0', DEMO: workers === 0 && values.demo && i === 1 ? '1' : '0' },
        { port, logFile: logs(`web-${i}`), nodeArgs },
      );
      procs.push(w);
      web.push(w.port);
      console.log(`web ${i}        ${w.base}`);
    }
    const nginx = await startNginx({ listen: Number(values.port), web, runDir: path.join(dir, 'nginx'), logFile: logs('nginx') });
    procs.push(nginx);
    console.log(`nginx        ${nginx.base}  ← open this (config: ${nginx.conf})`);
    if (values.demo) console.log(`demo accounts: ${path.join(dir, 'data', 'demo-accounts.txt')}`);
    console.log(`logs under ${path.join(dir, 'logs')}; Ctrl-C stops everything`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    await stopAll();
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
