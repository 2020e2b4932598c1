import dayjs from 'dayjs';
import type { QueryValue } from '../api/client';

/** The list's sortable columns → the API's sort keys. */
export const SORT_FIELDS = { caseNo: 'case_no', status: 'status', areaM2: 'area_m2', foundAt: 'found_at' } as const;
export type SortKey = keyof typeof SORT_FIELDS;
export const PAGE_SIZES = [20, 50, 100, 200];

const list = (sp: URLSearchParams, k: string) => (sp.get(k) ? sp.get(k)!.split(',').filter(Boolean) : []);

/** The case list's state as kept in its URL (`/cases?status=…&page=…`). */
export function caseListParams(sp: URLSearchParams) {
  const get = (k: string) => sp.get(k) ?? undefined;
  return {
    q: get('q') ?? '',
    status: list(sp, 'status'),
    origin: get('origin'),
    disposal: list(sp, 'class'),
    source: list(sp, 'source'),
    division: get('division'),
    from: get('from'),
    to: get('to'),
    polygon: get('polygon'),
    importId: get('importId'),
    // an item kind's list (专项整治: kind=campaign_item&campaignId=…)
    kind: get('kind'),
    campaignId: get('campaignId'),
    overdue: get('overdue') === '1',
    page: Math.max(1, Number(get('page') ?? 1) || 1),
    size: PAGE_SIZES.includes(Number(get('size'))) ? Number(get('size')) : 50,
    sortKey: (Object.keys(SORT_FIELDS).includes(get('sort') ?? '') ? get('sort') : 'foundAt') as SortKey,
    order: (get('order') === 'asc' ? 'asc' : 'desc') as 'asc' | 'desc',
  };
}
export type CaseListParams = ReturnType<typeof caseListParams>;

/**
 * The `GET /api/cases` query of a list URL. One function for the page and for the first screen's
 * early request (boot.ts), so that both ask for exactly the same URL.
 */
export function caseListQuery(p: CaseListParams): Record<string, QueryValue> {
  return {
    q: p.q,
    status: p.status.join(','),
    origin: p.origin,
    disposalClass: p.disposal.join(','),
    source: p.source.join(','),
    division: p.division,
    foundFrom: p.from,
    // the API's foundTo is exclusive: include the whole last day
    foundTo: p.to ? dayjs(p.to).add(1, 'day').format('YYYY-MM-DD') : undefined,
    polygon: p.polygon,
    importId: p.importId,
    kind: p.kind,
    campaignId: p.campaignId,
    overdue: p.overdue || undefined,
    sort: SORT_FIELDS[p.sortKey],
    order: p.order,
    limit: p.size,
    offset: (p.page - 1) * p.size,
  };
}
