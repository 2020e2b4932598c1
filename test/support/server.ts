import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from './env.js';
import { serverEnv, startServerProcess } from './process-server.js';

/** The real product (npm start's entry, built web apps, embedded database, a small demo city) for browser tests. */
export interface RunningServer {
  base: string;
  password: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startServer(opts: { demoCases: number; password: string; env?: Record<string, string> }): Promise<RunningServer> {
  const build = spawnSync(process.execPath, ['scripts/ensure-web-build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  assert.equal(build.status, 0, 'web build');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-browser-'));
  const server = await startServerProcess(serverEnv(dataDir, undefined, { DEMO_CASES: String(opts.demoCases), DEMO_PASSWORD: opts.password, ...(opts.env ?? {}) }), 600_000, {
    echo: true,
  });
  return {
    base: server.base,
    password: opts.password,
    dataDir,
    async stop() {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, never a downloaded browser. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** Polls `check` until it holds (for states read through the API or the page; tests run with Node's types only). */
export async function until(what: string, check: () => Promise<boolean>, ms = 30_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A page of the command centre, its uncaught page errors collected in `problems`. */
export type WatchedPage = Page & { problems: string[] };

/**
 * Logs a user in through the login form (zh-CN, China time) and waits for the role's home page.
 * `timeoutMs` is the page's default wait (60 s for screens that load charts or a whole city).
 */
export async function loginPage(
  browser: Browser,
  srv: RunningServer,
  username: string,
  opts: { viewport?: { width: number; height: number }; timeoutMs?: number; downloads?: boolean } = {},
): Promise<WatchedPage> {
  const page = (await browser.newPage({
    viewport: opts.viewport ?? { width: 1920, height: 1080 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: opts.downloads ?? true,
  })) as WatchedPage;
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(e.message));
  page.setDefaultTimeout(opts.timeoutMs ?? 60_000);
  await page.goto(`${srv.base}/login`);
  await page.fill('#login-username', username);
  await page.fill('#login-password', srv.password);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/(overview|todo|map|audit)/); // each role's home
  return page;
}

/** An API client logged in as a user (what the phone or another system would send). */
export async function apiAs(base: string, username: string, password: string) {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  assert.equal(r.status, 200, `login ${username}`);
  const { token } = (await r.json()) as { token: string };
  const call = async (method: string, url: string, body?: unknown, form?: FormData) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: form ?? (body !== undefined ? JSON.stringify(body) : undefined),
    });
    return { status: res.status, json: (await res.json().catch(() => null)) as any };
  };
  return { call };
}

/** A quiet place in a town for a new report: the first village centroid with no case (closed ones too) within 120 m. */
export async function quietPlace(api: Awaited<ReturnType<typeof apiAs>>, townCode: string): Promise<[number, number]> {
  const villages = (await api.call('GET', '/api/divisions?format=geojson&level=village')).json.features as {
    properties: { parentCode: string; centroid: [number, number] };
  }[];
  for (const v of villages.filter((f) => f.properties.parentCode === townCode)) {
    const [lon, lat] = v.properties.centroid;
    if ((await api.call('GET', `/api/cases/nearby?lon=${lon}&lat=${lat}&radius=120&include=closed`)).json.items.length === 0) return [lon, lat];
  }
  assert.fail('a village without cases nearby');
}

/** `YYYY-MM` of the China month `back` months before this one. */
export function chinaMonthBefore(back: number): string {
  const now = new Date(Date.now() + 8 * 3600_000);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
}

type Api = Awaited<ReturnType<typeof apiAs>>;

/** Waits until an index run is done (the server's worker computes it); fails naming its state if it fails or takes over 5 minutes. */
export async function waitForIndexRun(api: Api, id: string): Promise<void> {
  for (let i = 0; ; i++) {
    const r = await api.call('GET', `/api/index/runs/${id}`);
    if (r.json?.status === 'done') return;
    assert.ok(i < 300 && r.json?.status !== 'failed', `index run ${id}: ${JSON.stringify(r.json).slice(0, 800)}`);
    await new Promise((ok) => setTimeout(ok, 1000));
  }
}

/** Starts an index run of a period as this (city office) user and waits for it; returns its id. */
export async function runIndex(api: Api, period: string): Promise<string> {
  const run = await api.call('POST', '/api/index/runs', { period });
  assert.equal(run.status, 202, JSON.stringify(run.json));
  await waitForIndexRun(api, run.json.id);
  return run.json.id;
}

/**
 * Waits until the patrol app's service worker controls the page. A function, not a string: a string predicate is
 * evaluated with eval inside the page, which the app's CSP (no unsafe-eval) refuses.
 */
export function serviceWorkerControls(page: Page, timeout = 60_000) {
  return page.waitForFunction(() => (globalThis as unknown as { navigator: { serviceWorker: { controller: unknown } } }).navigator.serviceWorker.controller !== null, null, {
    timeout,
  });
}

/** An emulated phone (touch, zh-CN, China time) with its GPS at `at` (±8 m): a new context and its page. */
export async function phonePage(browser: Browser, at: [number, number], viewport = { width: 360, height: 740 }) {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    permissions: ['geolocation'],
    geolocation: { longitude: at[0], latitude: at[1], accuracy: 8 },
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  return { context, page };
}

/** Opens the patrol app at `base` and signs in through its form; resolves once the GPS fix shows. */
export async function signInPatrol(page: Page, base: string, username: string, password: string) {
  await page.goto(`${base}/m/`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('gps-accuracy').filter({ hasText: 'GPS ±8 米' }).waitFor();
}
