import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, InjectOptions } from 'fastify';
import sharp from 'sharp';
import type { TestContext } from './context.js';
import { multipart } from './images.js';
import { exifChinaTime } from '../../src/demo/demo.photos.js';
import { chinaDay } from '../../src/modules/settings/work.calendar.js';
import type { CaseFacts } from '../../src/modules/alerts/alert.rules.js';
import type { createDeps } from '../../src/deps.js';
import { ManualClock } from '../../src/platform/clock.js';

// What the supervision alerts' tests share: the API tests' test context with a second app on the same database
// whose time the test sets (used while `onClock`), the steps that build a case to a state through the API, the
// evaluation (the jobs the changes queued, the nightly sweep) and the look at the inbox; the unit tests' case facts.

export type Json = Record<string, any>;
export const DAY = 86400_000;

/**
 * Registers the test file's `before` and `after`: a fresh test context (`setup` runs on it first), and a second
 * app on its database with `clock`, which `req` and the jobs use while `onClock` is set. `t` is there once the
 * `before` has run (`context()` waits for it).
 */
export function alertsApi(opts: { setup?: (t: TestContext) => Promise<void> } = {}) {
  const clock = new ManualClock(new Date());
  let clocked: { app: FastifyInstance; deps: ReturnType<typeof createDeps> };
  let password = '';
  let ready!: (t: TestContext) => void;
  let failed!: (e: unknown) => void;
  const context = new Promise<TestContext>((ok, fail) => {
    ready = ok;
    failed = fail;
  });
  context.catch(() => undefined); // the before hook fails the file; a caller awaiting it sees the same error
  before(async () => {
    try {
      await setUp();
    } catch (e) {
      failed(e);
      throw e;
    }
    ready(api.t);
  });
  async function setUp() {
    // the app's modules are loaded here, not on import: the unit tests import this file for caseFacts alone
    const [{ createTestContext, PASSWORD }, { createDeps }, { buildApp }] = await Promise.all([import('./context.js'), import('../../src/deps.js'), import('../../src/app.js')]);
    password = PASSWORD;
    api.t = await createTestContext();
    await opts.setup?.(api.t);
    const deps = createDeps(api.t.deps.config, api.t.db, { clock });
    clocked = { deps, app: await buildApp(deps, { logger: false, webDist: null }) };
  }
  after(async () => {
    await clocked.app.close();
    await api.t.close();
  });

  const req = (user: string, o: InjectOptions) =>
    api.onClock ? clocked.app.inject({ ...o, headers: { ...(o.headers ?? {}), authorization: `Bearer ${api.t.tokens[user]}` } }) : api.t.req(user, o);
  const jobs = () => (api.onClock ? clocked.deps : api.t.deps);
  const now = () => (api.onClock ? clock.now() : new Date());
  const get = async (user: string, url: string) => {
    const r = await req(user, { method: 'GET', url });
    assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
    return r.json() as Json;
  };
  const version = async (id: string) => (await get('city', `/api/cases/${id}`)).version as number;
  async function act(user: string, id: string, action: string, extra: Json = {}) {
    const r = await req(user, { method: 'POST', url: `/api/cases/${id}/actions`, payload: { action, version: await version(id), ...extra } });
    assert.equal(r.statusCode, 200, `${action}: ${r.body}`);
    return r.json() as Json;
  }
  /** Verified, classified, being rectified: ready for its 'after' photos. */
  async function rectifying(c: { id: string }, cls: 'demolish' | 'remedy' = 'remedy') {
    await act('officer_a', c.id, 'verify');
    await act('officer_a', c.id, 'classify', { disposalClass: cls, remedyRef: cls === 'remedy' ? '平自然资规补〔2026〕1号' : undefined, reason: '测试' });
    await act('officer_a', c.id, 'start_rectification');
  }
  /** A camera JPEG taken at the case a few seconds from now, uploaded as its 'after' photo (sound evidence). */
  async function afterPhoto(c: { id: string; lon: number; lat: number }, seed: number) {
    const px = Buffer.alloc(16 * 12 * 3);
    for (let i = 0; i < px.length; i++) px[i] = (i * 37 + seed * 101) % 256;
    const data = await sharp(px, { raw: { width: 16, height: 12, channels: 3 } })
      .resize(320, 240)
      .jpeg({ quality: 85 })
      .withExif({
        IFD0: { Make: 'TestCam', Model: 'T1' },
        IFD2: { DateTimeOriginal: exifChinaTime(new Date(now().getTime() + 5000)) },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: dms(c.lat), GPSLongitudeRef: 'E', GPSLongitude: dms(c.lon) },
      })
      .toBuffer();
    const mp = multipart({ stage: 'after' }, [{ name: 'photo', filename: 'after.jpg', type: 'image/jpeg', data }]);
    const r = await req('inspector_a', { method: 'POST', url: `/api/cases/${c.id}/photos`, payload: mp.payload, headers: mp.headers });
    assert.equal(r.statusCode, 201, r.body);
  }
  /** Requests closing and approves it. */
  async function close(id: string, requester = 'officer_a', approver = 'city') {
    await act(requester, id, 'request_closing');
    await act(approver, id, 'approve_closing');
  }
  /** The due jobs the changes queued: the evaluation of each changed case. */
  const evaluate = () => jobs().jobs.drain(jobs().jobHandlers);
  /** The nightly sweep over every case, as the worker runs it. */
  async function sweep() {
    await jobs().jobs.enqueue('alerts.sweep', { day: chinaDay(now()) });
    await evaluate();
  }
  /** The alerts the supervisor sees on a case under a rule. */
  async function alertsOn(caseId: string, rule: string, user = 'supervisor') {
    const r = await get(user, `/api/alerts?rule=${rule}&limit=200`);
    return (r.items as Json[]).filter((a) => a.caseIds.includes(caseId));
  }
  /** Exactly one alert of the rule about the case once judged (`how`: at the case's change, or by the night's sweep), and still one when judged again. */
  async function exactlyOne(caseId: string, rule: string, how: 'change' | 'sweep' = 'change') {
    if (how === 'change') await evaluate();
    else await sweep();
    const first = await alertsOn(caseId, rule);
    assert.equal(first.length, 1, `one ${rule} alert: ${JSON.stringify(first)}`);
    await sweep();
    assert.equal((await alertsOn(caseId, rule)).length, 1, `judging again raises no second ${rule} alert`);
    return first[0];
  }
  async function none(caseId: string, rule: string) {
    await evaluate();
    await sweep();
    assert.deepEqual(await alertsOn(caseId, rule), [], `no ${rule} alert`);
  }
  const userId = async (username: string) => ((await get('admin', '/api/users')).items as Json[]).find((u) => u.username === username)!.id as string;
  /** An admin sets a rule's thresholds (enabled, its severity kept). */
  async function setRule(code: string, thresholds: Record<string, number>) {
    const rule = ((await get('admin', '/api/alert-rules')).items as Json[]).find((r) => r.code === code)!;
    const r = await req('admin', { method: 'PUT', url: '/api/alert-rules', payload: { code, enabled: true, severity: rule.severity, thresholds, version: rule.version } });
    assert.equal(r.statusCode, 200, r.body);
  }
  /** Moves the clocked app's time on by `days`; these people sign in again (days later). */
  async function later(days: number, users = ['officer_a', 'inspector_a', 'city', 'supervisor', 'admin']) {
    clock.set(new Date(clock.now().getTime() + days * DAY));
    for (const u of users) api.t.tokens[u] = (await clocked.deps.services.users.login(u, password, '127.0.0.1')).token;
  }

  const api = {
    t: undefined as unknown as TestContext,
    /**
     * The test context once the set-up is done. Node 20 runs a file's top-level `before` hooks at once, not one
     * after the other: a test file's own hook awaits this rather than reading `t`.
     */
    context: () => context,
    clock,
    /** The clocked app's dependencies (its services run on `clock`). */
    get clocked() {
      return clocked;
    },
    onClock: false,
    req,
    jobs,
    now,
    get,
    version,
    act,
    rectifying,
    afterPhoto,
    close,
    evaluate,
    sweep,
    alertsOn,
    exactlyOne,
    none,
    userId,
    setRule,
    later,
  };
  return api;
}

/** The degrees, minutes and seconds of an EXIF GPS coordinate. */
export function dms(v: number) {
  const d = Math.floor(v);
  const m = Math.floor((v - d) * 60);
  const s = Math.round(((v - d) * 60 - m) * 60 * 10000);
  return `${d}/1 ${m}/1 ${s}/10000`;
}

/** The facts of a case as the rules read them: a case being rectified with nothing in it but what `over` gives. */
export function caseFacts(over: Partial<CaseFacts> = {}): CaseFacts {
  return {
    id: 'c1',
    caseNo: 'PH-1',
    status: 'rectifying',
    source: 'patrol',
    reportedBy: 'i1',
    divisionCode: 'v1',
    divisionPath: 'city/t1/v1',
    lon: 121,
    lat: 30.7,
    events: [],
    afterPhotos: [],
    personalDataViews: [],
    history: [],
    notices: [],
    mergeRoot: 'c1',
    photos: [],
    lookalikes: [],
    createdAt: new Date(Date.UTC(2026, 10, 1)),
    deadlineAt: null,
    owner: null,
    responsible: [],
    noticeLines: [],
    demolitionsNearby: [],
    ...over,
  };
}
