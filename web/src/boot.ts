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

/** The command centre's pages, one chunk each; App.tsx makes its lazy routes from these. */
export const pages = {
  map: () => import('./pages/MapPage'),
  cases: () => import('./pages/CaseListPage'),
  case: () => import('./pages/CasePage'),
  notFound: () => import('./pages/NotFoundPage'),
  todo: () => import('./pages/TodoPage'),
  index: () => import('./pages/index/IndexPage'),
  indexUnit: () => import('./pages/index/UnitPage'),
  report: () => import('./pages/ReportPage'),
  overview: () => import('./pages/overview/OverviewPage'),
  cockpit: () => import('./pages/overview/CockpitPage'),
  audit: () => import('./pages/AuditPage'),
  rules: () => import('./pages/admin/RulesPage'),
  imports: () => import('./pages/ImportPage'),
};

/** The page chunk a path opens (null: the login page, or a home that depends on the role). */
export function pageOf(pathname: string): keyof typeof pages | null {
  const p = pathname.replace(/\/+$/, '') || '/';
  if (p === '/' || p === '/login') return null;
  if (p === '/cases') return 'cases';
  if (p.startsWith('/cases/')) return 'case';
  if (p.startsWith('/index/runs/')) return 'indexUnit';
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

/** The session check of the first render: started once at load, reused by the auth provider. */
export function initialSession(): Promise<User | null> {
  session ??= ep.me().then(
    (u) => u,
    () => null,
  );
  return session;
}

/** Starts the first screen's work in parallel (called once from main.tsx). */
export function boot(): void {
  const page = pageOf(window.location.pathname);
  void initialSession();
  if (page) void pages[page]().catch(() => undefined);
  if (!page && window.location.pathname === '/login') return;
  // the first screen's data, exactly as its page will ask for it, alongside the session check (without a
  // session these answer 401 and are never used: the app shows the login page)
  const sp = new URLSearchParams(window.location.search);
  prefetch(ep.DIVISIONS_PATH);
  if (page === 'map') prefetch(ep.BOUNDARIES_PATH);
  if (page === 'cases') prefetch(`/api/cases${buildQuery(caseListQuery(caseListParams(sp)))}`);
  if (page === 'overview') prefetch(`/api/overview${buildQuery({ division: sp.get('division') ?? undefined })}`);
}
