/** zh-CN words of the patrol app, keyed by the API's codes. */
import type { CaseStatus, PhotoStage } from '../../src/api/types';
import zhCN from '../../src/i18n/zh-CN';

export { fmtDateTime as formatTime } from '../../src/lib/format';

/** Case statuses as the command centre names them. */
export const STATUS_LABELS: Record<CaseStatus, string> = zhCN.status;

/** The categories an inspector can pick when reporting (codes of the API). */
export const CATEGORIES = [
  ['building', '房屋'],
  ['structure', '构筑物'],
  ['shed', '棚房'],
  ['pole_line', '杆线'],
  ['other', '其他'],
] as const;
export const CATEGORY_LABELS: Record<string, string> = Object.fromEntries(CATEGORIES);

export const STAGES: readonly (readonly [PhotoStage, string])[] = [
  ['before', '拆前'],
  ['during', '拆中'],
  ['after', '拆后'],
];
export const STAGE_LABELS: Record<string, string> = Object.fromEntries(STAGES);

export function formatDistance(m: number): string {
  return m < 1000 ? `${Math.round(m)} 米` : `${(m / 1000).toFixed(1)} 公里`;
}
