import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import zlib from 'node:zlib';
import cookie from '@fastify/cookie';
import compress from '@fastify/compress';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { Deps } from './deps.js';
import { bearerOrCookie, installErrorHandler } from './platform/http.js';
import { installSecurityHeaders } from './platform/security-headers.js';
import { installReadRouting } from './platform/read-routing.js';
import { replicaRouter } from './db/database.js';
import { staticHeaders } from './platform/static-files.js';
import { AppConfig, Health } from './platform/system.schemas.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { casesRoutes } from './modules/cases/cases.routes.js';
import { divisionsRoutes } from './modules/divisions/divisions.routes.js';
import { photosRoutes } from './modules/photos/photos.routes.js';
import { photoOriginalsRoutes } from './modules/photos/photo-originals.routes.js';
import { patrolRoutes } from './modules/patrol/patrol.routes.js';
import { indexRoutes } from './modules/index/index.routes.js';
import { supervisionRoutes } from './modules/supervision/supervision.routes.js';
import { settingsRoutes } from './modules/settings/settings.routes.js';
import { todoRoutes } from './modules/todo/todo.routes.js';
import { documentsRoutes } from './modules/documents/documents.routes.js';
import { reportsRoutes } from './modules/reports/reports.routes.js';
import { overviewRoutes } from './modules/overview/overview.routes.js';
import { selectionRoutes } from './modules/selection/selection.routes.js';
import { itemsRoutes } from './modules/items/items.routes.js';
import { campaignsRoutes } from './modules/campaigns/campaigns.routes.js';
import { DUPLICATE_RADIUS_M } from './modules/cases/case.duplicates.js';
import { CATEGORIES, CATEGORY_LABELS } from './modules/cases/cases.enums.js';
import { usersRoutes } from './modules/users/users.routes.js';
import { importsRoutes } from './modules/imports/imports.routes.js';
import { setupRoutes } from './modules/setup/setup.routes.js';
import { alertsRoutes } from './modules/alerts/alerts.routes.js';
import { ogcRoutes } from './modules/ogc/ogc.routes.js';
import { tilesRoutes } from './modules/tiles/tiles.routes.js';
import { goalsRoutes } from './modules/goals/goals.routes.js';
import { lettersRoutes } from './modules/letters/letters.routes.js';
import { patchesRoutes } from './modules/patches/patches.routes.js';
import { externalRoutes } from './modules/external/external.routes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Builds the HTTP app from explicit dependencies. */
export async function buildApp(deps: Deps, opts: { logger?: boolean | object; webDist?: string | null } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? { level: deps.config.logLevel },
    bodyLimit: 1024 * 1024,
    // behind the HTTPS proxy named by TRUST_PROXY: req.ip and req.protocol (Secure cookie, HSTS) from X-Forwarded-*
    trustProxy: deps.config.trustProxy,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true } },
  });
  app.decorateRequest('actor', null);
  /** What an account whose password an admin set may call before changing it. */
  const PASSWORD_CHANGE_ROUTES = new Set(['/api/auth/me', '/api/auth/password']);
  // every route is registered with its access: the web app's files and the API docs are public, an /api route
  // that declares nothing needs a session (so a forgotten declaration denies instead of exposing)
  const routeAccess: FastifyInstance['routeAccess'] = [];
  app.decorate('routeAccess', routeAccess);
  app.addHook('onRoute', (route) => {
    const declared = route.config?.access !== undefined;
    if (!route.config?.access) {
      const open = !route.url.startsWith('/api/') || route.url === '/api/docs' || route.url.startsWith('/api/docs/');
      route.config = { ...route.config, access: open ? 'anonymous' : 'session' };
    }
    for (const method of [route.method].flat()) routeAccess.push({ method, url: route.url, access: route.config.access!, declared });
  });
  installErrorHandler(app);
  installSecurityHeaders(app, { mapTileUrl: deps.config.mapTileUrl });
  // with a read replica: each handler knows whether its session just wrote (before the cookie plugin, whose onSend writes the cookies)
  installReadRouting(app, deps.db, { maxLagSeconds: deps.config.databaseReadMaxLagSeconds, cookieSecure: deps.config.cookieSecure });
  await app.register(cookie);
  // JSON, GeoJSON and the web app's files go out compressed (boundaries are ~5× smaller); photos are not recompressed
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'], brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } } });
  await app.register(multipart, { limits: { fileSize: deps.config.maxUploadBytes, files: 10 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: '无违建 Wuweijian API',
        version: '0.1.0',
        description:
          'Illegal-construction registry, patrol and governance API. Errors are `{code, message, details}`; `message` is zh-CN. ' +
          'Authenticate with `POST /api/auth/login`, then send the cookie or `Authorization: Bearer <token>`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  // Default-deny, decided on the matched route (never on the URL's text, which the router decodes):
  // a route answers anonymous callers only when it says so; an unknown path needs a session too.
  app.addHook('onRequest', async (req, reply) => {
    const access = req.routeOptions.config?.access ?? 'session';
    if (access === 'anonymous') return;
    const token = bearerOrCookie(req);
    if (token) req.actor = await deps.services.users.actorForToken(token);
    // desktop GIS clients (the OGC API) can only send a username and password: checked by the login service
    else if (req.routeOptions.config?.basicAuth) req.actor = await deps.services.ogc.actorForBasic(req.headers.authorization, req.ip);
    if (!req.actor) return reply.status(401).send({ code: 'auth.required', message: '请先登录', details: null });
    if (access !== 'session' && !access.includes(req.actor.role))
      return reply.status(403).send({ code: 'auth.role_not_allowed', message: '您的角色无权使用此功能', details: null });
    // a password an admin set is changed before anything else is done with the account
    if (req.actor.mustChangePassword && !PASSWORD_CHANGE_ROUTES.has(req.routeOptions.url ?? ''))
      return reply.status(403).send({ code: 'auth.password_change_required', message: '请先修改初始密码', details: null });
  });

  app.get('/api/health', { config: { access: 'anonymous' }, schema: { tags: ['system'], summary: 'Liveness and readiness', response: { 200: Health } } }, async () => {
    await deps.db.ping();
    // the replica does not decide health: without it the primary answers every read (docs/scale.md)
    const replica = replicaRouter(deps.db);
    const state = replica?.state ?? 'none';
    const replicaLagSeconds = replica && state !== 'down' ? Math.max(0, Math.round((Date.now() - replica.freshAt) / 100) / 10) : null;
    return { status: 'ok', database: deps.db.driver, blobs: deps.blobs.driver, replica: state, replicaLagSeconds, version: '0.1.0' };
  });
  app.get('/api/openapi.json', { config: { access: 'anonymous' }, schema: { hide: true } }, async () => app.swagger());
  app.get(
    '/api/config',
    { config: { access: 'anonymous' }, schema: { tags: ['system'], summary: 'Settings the web apps need (map tile URL, …)', response: { 200: AppConfig } } },
    async () => ({
      mapTileUrl: deps.config.mapTileUrl ?? null,
      duplicateRadiusM: DUPLICATE_RADIUS_M,
      categories: CATEGORIES.map((code) => ({ code, label: CATEGORY_LABELS[code] })),
    }),
  );

  await app.register(async (s) => usersRoutes(s, { users: deps.services.users, config: deps.config }));
  await app.register(async (s) => divisionsRoutes(s, { divisions: deps.services.divisions }));
  const { cases, photos, patrol, supervision, settings } = deps.services;
  const { maxUploadBytes } = deps.config;
  await app.register(async (s) => casesRoutes(s, { cases, caseFiles: supervision }));
  await app.register(async (s) => photosRoutes(s, { photos, maxUploadBytes }));
  // the originals of two-phase photos, resumable (tus); in its own plugin, which leaves the upload body unparsed
  await app.register(async (s) => photoOriginalsRoutes(s, { originals: deps.services.photoOriginals, uploads: deps.uploads, maxUploadBytes }));
  await app.register(async (s) => auditRoutes(s, { audit: deps.services.audit }));
  await app.register(async (s) => patrolRoutes(s, { patrol, cases, jobs: deps.jobs, maxUploadBytes }));
  await app.register(async (s) => indexRoutes(s, { index: deps.services.index }));
  await app.register(async (s) => settingsRoutes(s, { settings }));
  await app.register(async (s) => supervisionRoutes(s, { supervision, maxUploadBytes }));
  await app.register(async (s) => todoRoutes(s, { todo: deps.services.todo }));
  await app.register(async (s) => documentsRoutes(s, { documents: deps.services.documents }));
  await app.register(async (s) => reportsRoutes(s, { reports: deps.services.reports }));
  await app.register(async (s) => overviewRoutes(s, { overview: deps.services.overview }));
  await app.register(async (s) => selectionRoutes(s, { selection: deps.services.selection }));
  await app.register(async (s) => itemsRoutes(s, { items: deps.services.items }));
  await app.register(async (s) => campaignsRoutes(s, { campaigns: deps.services.campaigns }));
  await app.register(async (s) => importsRoutes(s, { imports: deps.services.imports }));
  await app.register(async (s) => setupRoutes(s, { setup: deps.services.setup }));
  await app.register(async (s) => alertsRoutes(s, { alerts: deps.services.alerts }));
  await app.register(async (s) => ogcRoutes(s, { ogc: deps.services.ogc }));
  await app.register(async (s) => tilesRoutes(s, { tiles: deps.services.tiles }));
  await app.register(async (s) => goalsRoutes(s, { goals: deps.services.goals }));
  await app.register(async (s) => lettersRoutes(s, { letters: deps.services.letters, maxUploadBytes }));
  await app.register(async (s) => patchesRoutes(s, { patches: deps.services.patches, maxUploadBytes }));
  await app.register(async (s) => externalRoutes(s, { external: deps.services.external }));

  const dist = opts.webDist === undefined ? path.join(root, 'web', 'dist') : opts.webDist;
  if (dist && fs.existsSync(path.join(dist, 'index.html'))) {
    // hashed build files immutable for a year, the shells, the worker and the manifest revalidated (platform/static-files.ts)
    await app.register(fastifyStatic, { root: dist, wildcard: false, setHeaders: staticHeaders(dist) });
    // client-side routes fall back to the app shell
    app.get('/*', { schema: { hide: true }, config: { access: 'anonymous' } }, (req, reply) => {
      if (req.url.startsWith('/api/')) return reply.status(404).send({ code: 'route.not_found', message: `接口不存在: ${req.url}`, details: null });
      // a file written after start (the web app rebuilt under a running server) is served from disk; a missing file is a 404, never the app shell
      const rel = decodeURIComponent(req.url.split('?')[0]).replace(/^\/+/, '');
      if (path.extname(rel)) {
        const file = path.resolve(dist, rel);
        if (file.startsWith(path.resolve(dist) + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) return reply.sendFile(rel);
        return reply.status(404).send({ code: 'route.not_found', message: `文件不存在: ${req.url}`, details: null });
      }
      // the patrol app (/m/) is its own single-page app with its own shell
      if ((req.url === '/m' || req.url.startsWith('/m/') || req.url.startsWith('/m?')) && fs.existsSync(path.join(dist, 'm', 'index.html'))) {
        return reply.sendFile('m/index.html');
      }
      return reply.sendFile('index.html');
    });
  }
  return app;
}
