import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Security headers on every response (pages, API answers, static files, errors): a Content-Security-Policy,
 * X-Frame-Options, nosniff, Referrer-Policy, and HSTS when the request came over HTTPS. Set by hand in one
 * onSend hook (no helmet): the policies are a few strings and each directive below says why it is there.
 */

/**
 * The origin the map's basemap tiles come from, for img-src; null when the template is relative
 * (self-hosted tiles, covered by 'self') or not a plain http(s) URL. A subdomain placeholder such as
 * `https://t{0-7}.tianditu.gov.cn/…` becomes `https://*.tianditu.gov.cn`.
 */
export function tileOrigin(template: string | undefined): string | null {
  const m = /^(https?):\/\/([^/?#]+)/i.exec(template ?? '');
  if (!m) return null;
  const scheme = m[1].toLowerCase();
  const labels = m[2].toLowerCase().split('.');
  if (labels.slice(1).some((l) => l.includes('{'))) return `${scheme}:`; // a placeholder deeper in the host: any host of that scheme
  if (labels[0].includes('{')) labels[0] = '*';
  const host = labels.join('.');
  // never let a configured value add directives (`;`, `,`, spaces) to the policy
  return /^(\*\.)?[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:]+\](:\d{1,5})?$/.test(host) ? `${scheme}://${host}` : null;
}

function policy(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}

/** The policy of the command centre (web/) and of every response that is not one of the others. */
export function appPolicy(opts: { mapTileUrl?: string } = {}): string {
  const tiles = tileOrigin(opts.mapTileUrl);
  return policy({
    'default-src': ["'self'"],
    // only the built bundles: no inline script, no eval (the built index.html has none)
    'script-src': ["'self'"],
    // antd (CSS-in-JS) injects <style> elements at run time. A nonce would need index.html rewritten per
    // response, the nonce handed to ConfigProvider and to every rc-component helper that adds a <style>;
    // styles cannot run code, so the command centre allows inline styles and keeps scripts strict.
    'style-src': ["'self'", "'unsafe-inline'"],
    // data: for antd's and OpenLayers' inline SVG icons, blob: for photos shown before upload; the basemap's
    // origin when MAP_TILE_URL names one (the demo city draws without tiles)
    'img-src': ["'self'", 'data:', 'blob:', ...(tiles ? [tiles] : [])],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    // OpenLayers' WebGL point layer (on a real GPU) runs its worker from a blob: URL; the patrol app's
    // service worker is /m/sw.js
    'worker-src': ["'self'", 'blob:'],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  });
}

/** The patrol app (/m/): no UI library injects styles there, so inline styles are refused too. */
export function patrolPolicy(opts: { mapTileUrl?: string } = {}): string {
  return appPolicy(opts).replace("style-src 'self' 'unsafe-inline'", "style-src 'self'");
}

/**
 * The API documentation (/api/docs, Swagger UI): its page loads only its own files, but the UI sets inline
 * styles and draws data: images; kept apart so the app's policy does not loosen for it.
 */
export const DOCS_POLICY = policy({
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
});

const HSTS = 'max-age=31536000';

/** Which policy a response gets: decided on the matched route for the docs, on the path for the patrol app's files. */
function policyOf(req: FastifyRequest, app: string, patrol: string): string {
  const route = req.routeOptions.url ?? '';
  if (route === '/api/docs' || route.startsWith('/api/docs/')) return DOCS_POLICY;
  const p = req.url;
  if (p === '/m' || p.startsWith('/m/') || p.startsWith('/m?')) return patrol;
  return app;
}

/** Registers the headers on the root instance, so every route, the 404 handler and every error carry them. */
export function installSecurityHeaders(app: FastifyInstance, opts: { mapTileUrl?: string } = {}) {
  const appCsp = appPolicy(opts);
  const patrolCsp = patrolPolicy(opts);
  app.addHook('onSend', (req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
    reply.header('content-security-policy', policyOf(req, appCsp, patrolCsp));
    reply.header('x-frame-options', 'DENY');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    // HSTS only over HTTPS (req.protocol follows X-Forwarded-Proto when TRUST_PROXY trusts the proxy)
    if (req.protocol === 'https') reply.header('strict-transport-security', HSTS);
    done(null, payload);
  });
}
