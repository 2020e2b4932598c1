/**
 * What the first paint waits for, started as soon as the entry script runs instead of one after the
 * other: the session check (`/api/auth/me`), the current route's page chunk and the data of the
 * first screen. Without this the chain was HTML → scripts → React's first
 * render → `me` → layout → lazy page chunk → page data (measured in bench/README.md, command centre).
 */
import * as ep from './api/endpoints';
import { buildQuery, prefetch } from './api/client';
import { caseListParams, caseListQuery } from './lib/caseListQuery';
import type { User } from './api/types';

/**
 * A page's chunk for React.lazy, loaded once. Once it has loaded, the loader answers with a thenable that
 * calls back at once: React.lazy calls `then` while rendering, so the page renders in that pass instead of
 * suspending on a promise that would answer a microtask later. A page that suspends shows its Suspense
 * fallback, and React holds back the reveal of the content until 300 ms after a fallback was shown
 * (react-dom's FALLBACK_THROTTLE_MS): the map, the list and the overview each mounted ~0.3 s after the
 * layout although their chunk had long been loaded (bench/web-100k.ts).
 */
function pageChunk<M>(load: () => Promise<M>): () => Promise<M> {
  let loaded: { m: M } | null = null;
  let loading: Promise<M> | null = null;
  return () => {
    if (loaded) {
      const { m } = loaded;
      // biome-ignore lint/suspicious/noThenProperty: a deliberate thenable that hands over the loaded chunk at once (React.lazy reads it synchronously, see above)
      return { then: (ok?: (m: M) => unknown) => Promise.resolve(ok ? ok(m) : m) } as unknown as Promise<M>;
    }
    loading ??= load().then(
      (m) => ((loaded = { m }), m),
      (err: unknown) => {
        loading = null; // a failed chunk (a new deployment, a dropped connection) is fetched again next time
        throw err;
      },
    );
    return loading;
  };
}

/** The command centre's pages, one chunk each; App.tsx makes its lazy routes from these. */
export const pages = {
  map: pageChunk(() => import('./pages/MapPage')),
  cases: pageChunk(() => import('./pages/CaseListPage')),
  case: pageChunk(() => import('./pages/CasePage')),
  notFound: pageChunk(() => import('./pages/NotFoundPage')),
  todo: pageChunk(() => import('./pages/TodoPage')),
  index: pageChunk(() => import('./pages/index/IndexPage')),
  indexUnit: pageChunk(() => import('./pages/index/UnitPage')),
  report: pageChunk(() => import('./pages/ReportPage')),
  overview: pageChunk(() => import('./pages/overview/OverviewPage')),
  cockpit: pageChunk(() => import('./pages/overview/CockpitPage')),
  audit: pageChunk(() => import('./pages/AuditPage')),
  rules: pageChunk(() => import('./pages/admin/RulesPage')),
  accounts: pageChunk(() => import('./pages/admin/AccountsPage')),
  calendar: pageChunk(() => import('./pages/admin/CalendarPage')),
  indexDefinition: pageChunk(() => import('./pages/admin/IndexDefinitionPage')),
  imports: pageChunk(() => import('./pages/ImportPage')),
};

/** The page chunk a path opens (null: the login page, or a home that depends on the role). */
export function pageOf(pathname: string): keyof typeof pages | null {
  const p = pathname.replace(/\/+$/, '') || '/';
  if (p === '/' || p === '/login') return null;
  if (p === '/cases') return 'cases';
  if (p.startsWith('/cases/')) return 'case';
  if (p.startsWith('/index/runs/')) return 'indexUnit';
  if (p.startsWith('/admin/users')) return 'accounts';
  if (p.startsWith('/admin/calendar')) return 'calendar';
  if (p.startsWith('/admin/index')) return 'indexDefinition';
  const first = p.split('/')[1];
  const byFirst: Record<string, keyof typeof pages> = {
    map: 'map',
    todo: 'todo',
    index: 'index',
    reports: 'report',
    overview: 'overview',
    cockpit: 'cockpit',
    audit: 'audit',
    admin: 'rules',
    imports: 'imports',
  };
  return byFirst[first] ?? null;
}

let session: Promise<User | null> | null = null;
/** The chunk of the page the app opens on, while it loads, when the layout waits for it (see below). */
let firstPage: Promise<unknown> | null = null;
/**
 * Pages whose content follows the session closely: the list's first page of cases is quick, and the map
 * asks for its cases only once it is mounted. The layout waits for their chunk, so that it and the page
 * render together, with no fallback for the page and no held-back reveal (see pageChunk). The overview's
 * figures take longer to compute than its chunk takes to load, so its layout shows at once and is drawn
 * while they come.
 */
const LAYOUT_WAITS_FOR: ReadonlySet<keyof typeof pages> = new Set(['map', 'cases']);

/**
 * The session check of the first render: started once at load, reused by the auth provider. With a
 * session, on the pages above, it answers once the page's chunk is there too.
 */
export function initialSession(): Promise<User | null> {
  session ??= ep.me().then(
    (u) =>
      firstPage
        ? firstPage.then(
            () => u,
            () => u,
          )
        : u,
    () => null,
  );
  return session;
}

/** Starts the first screen's work in parallel (called once from main.tsx). */
export function boot(): void {
  const page = pageOf(window.location.pathname);
  // the session check first: the page chunk's module requests would otherwise take the connections
  void initialSession();
  if (page) {
    const chunk = Promise.resolve(pages[page]());
    chunk.catch(() => undefined); // a failed chunk shows on the page (its Suspense), not here
    if (LAYOUT_WAITS_FOR.has(page)) firstPage = chunk; // read when the session check answers
  }
  if (!page && window.location.pathname === '/login') return;
  // the first screen's data, exactly as its page will ask for it, alongside the session check (without a
  // session these answer 401 and are never used: the app shows the login page)
  const sp = new URLSearchParams(window.location.search);
  prefetch(ep.DIVISIONS_PATH);
  if (page === 'map') prefetch(ep.BOUNDARIES_PATH);
  if (page === 'cases') prefetch(`/api/cases${buildQuery(caseListQuery(caseListParams(sp)))}`);
  if (page === 'overview') prefetch(`/api/overview${buildQuery({ division: sp.get('division') ?? undefined })}`);
}
