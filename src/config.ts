import path from 'node:path';
import type { LoginPolicy } from './modules/users/login.policy.js';

/** Every setting the product reads from the environment, parsed once. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** `pglite` (embedded, default) or `postgres` (when DATABASE_URL is set). */
  databaseDriver: 'pglite' | 'postgres';
  databaseUrl?: string;
  databasePoolSize: number;
  /** A streaming replica for reads that tolerate seconds of lag (reports, exports, the map, OGC); docs/scale.md. */
  databaseReadUrl?: string;
  /** The most lag the replica may have and still be read; beyond it every read goes to the primary. */
  databaseReadMaxLagSeconds: number;
  blobDriver: 'disk' | 's3';
  /** Set when blobDriver is `s3`: where photo bytes go instead of DATA_DIR/blobs. */
  s3?: S3Settings;
  /** Seed the demo city into an empty database. Default on for PGlite, off for PostgreSQL. */
  demo: boolean;
  demoPassword?: string;
  /** Number of demo cases to seed. */
  demoCases: number;
  sessionTtlHours: number;
  /** A session ends after this many minutes without a request. */
  sessionIdleMinutes: number;
  /** Account lockout and the per-address limit of failed logins (users/login.policy.ts). */
  loginPolicy: LoginPolicy;
  cookieSecure: boolean;
  /** Fastify's trustProxy: false, true (any proxy) or the proxies' addresses/CIDRs; req.ip and req.protocol follow X-Forwarded-* only from them. */
  trustProxy: boolean | string;
  runWorker: boolean;
  /** A running job whose worker has not renewed its lock for this long is queued again (its worker died; platform/jobs.ts). */
  jobLeaseSeconds: number;
  /** How often the periodic sweeps (review dates, overdue notices, reminders, the nightly alert sweep's scheduling) run, in one worker of the cluster. */
  sweepSeconds: number;
  /** Do the image work of uploads in a worker thread (photo.pool.ts); off: on the main thread. */
  photoWorker: boolean;
  logLevel: string;
  /** Optional basemap tile URL template for the web map (e.g. Tianditu); none needed to render. */
  mapTileUrl?: string;
  maxUploadBytes: number;
  /** Two-phase photos: hours after the reduced copy by which the original must have arrived, else it is flagged. */
  originalWaitHours: number;
  /** Optional: a folder with Debian's fonts-noto-cjk files for the PDFs instead of the shipped font (platform/fonts.ts); '': the shipped font. */
  pdfFontDir: string;
  /** The audit chain's head is anchored in the blob store this often, when it moved (audit/audit.anchor.ts). */
  auditAnchorMinutes: number;
  /** S3 only: object-lock retention of each anchor in days (COMPLIANCE mode; the bucket needs object lock); 0: none. */
  auditAnchorRetainDays: number;
}

/** An S3-compatible bucket (AWS S3, MinIO, OSS/COS in S3 mode, s3rver in tests). */
export interface S3Settings {
  /** Base URL of the service, e.g. `https://s3.cn-east-1.amazonaws.com.cn` or `http://127.0.0.1:9000`. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `endpoint/bucket/key` instead of `bucket.endpoint/key`; MinIO and s3rver need it. */
  forcePathStyle: boolean;
}

export class ConfigError extends Error {}

function bool(name: string, raw: string | undefined, dflt: boolean, problems: string[]): boolean {
  if (raw === undefined || raw === '') return dflt;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  problems.push(`${name}: expected 1/0/true/false, got "${raw}"`);
  return dflt;
}

function int(name: string, raw: string | undefined, dflt: number, min: number, max: number, problems: string[]): number {
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name}: expected an integer in ${min}..${max}, got "${raw}"`);
    return dflt;
  }
  return n;
}

/** TRUST_PROXY: 0/1, or a comma-separated list of proxy addresses or CIDRs (and loopback, linklocal, uniquelocal). */
function trustProxy(raw: string | undefined, problems: string[]): boolean | string {
  if (raw === undefined || raw === '' || /^(0|false|no|off)$/i.test(raw)) return false;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  const bad = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => !/^(loopback|linklocal|uniquelocal|[0-9a-f:.]+(\/\d{1,3})?)$/i.test(s));
  if (bad.length) problems.push(`TRUST_PROXY: expected 0/1 or addresses/CIDRs separated by commas, got "${raw}"`);
  return raw;
}

function s3Settings(env: NodeJS.ProcessEnv, problems: string[]): S3Settings {
  const required = (name: string) => {
    const v = env[name];
    if (!v) problems.push(`${name}: required when BLOB_DRIVER=s3`);
    return v ?? '';
  };
  const endpoint = required('S3_ENDPOINT').replace(/\/+$/, '');
  if (endpoint && !/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(endpoint)) problems.push(`S3_ENDPOINT: expected an http:// or https:// URL, got "${endpoint}"`);
  const bucket = required('S3_BUCKET');
  if (bucket && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) problems.push(`S3_BUCKET: not a valid bucket name: "${bucket}"`);
  return {
    endpoint,
    bucket,
    region: env.S3_REGION || 'us-east-1',
    accessKeyId: required('S3_ACCESS_KEY_ID'),
    secretAccessKey: required('S3_SECRET_ACCESS_KEY'),
    forcePathStyle: bool('S3_FORCE_PATH_STYLE', env.S3_FORCE_PATH_STYLE, true, problems),
  };
}

/** Parses the environment; throws one ConfigError that lists every bad key. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL: expected postgres://…');
  const databaseDriver = databaseUrl ? 'postgres' : 'pglite';
  const databaseReadUrl = env.DATABASE_READ_URL || undefined;
  if (databaseReadUrl && !/^postgres(ql)?:\/\//.test(databaseReadUrl)) problems.push('DATABASE_READ_URL: expected postgres://…');
  if (databaseReadUrl && !databaseUrl) problems.push('DATABASE_READ_URL: needs DATABASE_URL (a replica of that PostgreSQL)');
  const blob = env.BLOB_DRIVER || 'disk';
  if (blob !== 'disk' && blob !== 's3') problems.push(`BLOB_DRIVER: expected disk or s3, got "${blob}"`);
  const blobDriver = blob === 's3' ? 's3' : 'disk';
  const demoPassword = env.DEMO_PASSWORD || undefined;
  if (demoPassword !== undefined && demoPassword.length < 8) problems.push('DEMO_PASSWORD: at least 8 characters');
  const cfg: Config = {
    host: env.HOST || '127.0.0.1',
    port: int('PORT', env.PORT, 3000, 0, 65535, problems),
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseDriver,
    databaseUrl,
    databasePoolSize: int('DATABASE_POOL_SIZE', env.DATABASE_POOL_SIZE, 4, 1, 100, problems),
    databaseReadUrl,
    databaseReadMaxLagSeconds: int('DATABASE_READ_MAX_LAG_SECONDS', env.DATABASE_READ_MAX_LAG_SECONDS, 5, 1, 24 * 3600, problems),
    blobDriver,
    s3: blobDriver === 's3' ? s3Settings(env, problems) : undefined,
    demo: bool('DEMO', env.DEMO, databaseDriver === 'pglite', problems),
    demoPassword,
    demoCases: int('DEMO_CASES', env.DEMO_CASES, 3000, 0, 200000, problems),
    sessionTtlHours: int('SESSION_TTL_HOURS', env.SESSION_TTL_HOURS, 12, 1, 24 * 90, problems),
    sessionIdleMinutes: int('SESSION_IDLE_MINUTES', env.SESSION_IDLE_MINUTES, 30, 1, 24 * 60, problems),
    loginPolicy: {
      maxFailures: int('LOGIN_MAX_FAILURES', env.LOGIN_MAX_FAILURES, 5, 1, 100, problems),
      windowMinutes: int('LOGIN_WINDOW_MINUTES', env.LOGIN_WINDOW_MINUTES, 15, 1, 24 * 60, problems),
      lockMinutes: int('LOGIN_LOCK_MINUTES', env.LOGIN_LOCK_MINUTES, 30, 1, 7 * 24 * 60, problems),
      addressFailuresPerMinute: int('LOGIN_ADDRESS_FAILURES_PER_MINUTE', env.LOGIN_ADDRESS_FAILURES_PER_MINUTE, 20, 1, 10_000, problems),
    },
    cookieSecure: bool('COOKIE_SECURE', env.COOKIE_SECURE, false, problems),
    trustProxy: trustProxy(env.TRUST_PROXY, problems),
    runWorker: bool('RUN_WORKER', env.RUN_WORKER, true, problems),
    jobLeaseSeconds: int('JOB_LEASE_SECONDS', env.JOB_LEASE_SECONDS, 120, 5, 24 * 3600, problems),
    sweepSeconds: int('SWEEP_SECONDS', env.SWEEP_SECONDS, 600, 5, 24 * 3600, problems),
    photoWorker: bool('PHOTO_WORKER', env.PHOTO_WORKER, true, problems),
    logLevel: env.LOG_LEVEL || 'info',
    mapTileUrl: env.MAP_TILE_URL || undefined,
    maxUploadBytes: int('MAX_UPLOAD_BYTES', env.MAX_UPLOAD_BYTES, 25 * 1024 * 1024, 1024, 512 * 1024 * 1024, problems),
    originalWaitHours: int('ORIGINAL_WAIT_HOURS', env.ORIGINAL_WAIT_HOURS, 72, 1, 24 * 90, problems),
    pdfFontDir: env.PDF_FONT_DIR || '',
    auditAnchorMinutes: int('AUDIT_ANCHOR_MINUTES', env.AUDIT_ANCHOR_MINUTES, 5, 1, 24 * 60, problems),
    auditAnchorRetainDays: int('AUDIT_ANCHOR_RETAIN_DAYS', env.AUDIT_ANCHOR_RETAIN_DAYS, 0, 0, 36500, problems),
  };
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(cfg.logLevel)) {
    problems.push(`LOG_LEVEL: one of fatal,error,warn,info,debug,trace,silent; got "${cfg.logLevel}"`);
  }
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return cfg;
}
