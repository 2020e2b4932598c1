/**
 * User Timing marks of the first view (performance.mark, once per page): when the report button is
 * ready and when the map first shows case points. bench/mobile-weak.ts reads them on an emulated phone.
 */
export const MARKS = { reportReady: 'patrol:report-ready', points: 'patrol:points' } as const;

export function markOnce(name: (typeof MARKS)[keyof typeof MARKS]): void {
  if (typeof performance === 'undefined' || performance.getEntriesByName(name, 'mark').length) return;
  performance.mark(name);
}
