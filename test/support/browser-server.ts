import fs from 'node:fs';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, startServer, type RunningServer } from './server.js';

/** What a browser test file works against: the running product and one headless Chromium. */
export interface BrowserServer {
  srv: RunningServer;
  browser: Browser;
}

/**
 * A browser test file's set-up: before its tests, the product started (`startServer`), a Chromium launched
 * and the screenshot folder `shots` made; after them, both closed. The fields are set by the time the
 * first test runs: read them inside tests, never at import.
 */
export function browserServer(opts: Parameters<typeof startServer>[0] & { shots?: string }): BrowserServer {
  const { shots, ...server } = opts;
  const web = {} as BrowserServer;
  before(async () => {
    web.srv = await startServer(server);
    web.browser = await launchChromium();
    if (shots) fs.mkdirSync(shots, { recursive: true });
  });
  after(async () => {
    await web.browser?.close();
    await web.srv?.stop();
  });
  return web;
}
