/** zh-CN words of the patrol app, keyed by the API's codes (the labels of shared/enums.ts, as on the server and the command centre). */
import * as vocab from '../../../shared/enums';
import { KINDS } from '../../../shared/item-kinds';

export { fmtDateTime as formatTime } from '../../src/lib/format';
// keyed by any code the server sends (an unknown one shows as nothing)
export const CATEGORY_LABELS: Record<string, string> = { ...KINDS.waterlogging.categories, ...vocab.CATEGORY_LABELS };
export const STAGE_LABELS: Record<string, string> = vocab.STAGE_LABELS;
export const STATUS_LABELS: Record<string, string> = vocab.STATUS_LABELS;

/** The categories an inspector can pick when reporting: [code, label]. */
export const CATEGORIES = vocab.CATEGORIES.map((c) => [c, vocab.CATEGORY_LABELS[c]] as const);

/** A waterlogging point's categories (积水点: 道路、下穿通道 …): [code, label]. */
export const WATERLOGGING_CATEGORIES = Object.entries(KINDS.waterlogging.categories);

export const STAGES = vocab.PHOTO_STAGES.map((s) => [s, vocab.STAGE_LABELS[s]] as const);

export function formatDistance(m: number): string {
  return m < 1000 ? `${Math.round(m)} 米` : `${(m / 1000).toFixed(1)} 公里`;
}
