import type { CaseStatus, DisposalClass } from '../api/types';

/** One colour per status, used for tags, map points and the legend. */
export const STATUS_COLORS: Record<CaseStatus, string> = {
  reported: '#fa8c16', // orange: waiting to be checked
  verified: '#f5222d', // red: open case
  classified: '#eb2f96', // magenta: decided, not yet started
  rectifying: '#1677ff', // blue: work under way
  closing_requested: '#13c2c2', // cyan: waiting for sign-off
  closed: '#52c41a', // green: done
  rejected: '#8c8c8c', // grey: not a case
};

export const DISPOSAL_COLORS: Record<DisposalClass, string> = {
  demolish: 'volcano',
  remedy: 'geekblue',
  defer: 'gold',
};

export const STATUS_ORDER: CaseStatus[] = ['reported', 'verified', 'classified', 'rectifying', 'closing_requested', 'closed', 'rejected'];

/** Cases that still need work. */
export const OPEN_STATUSES: ReadonlySet<CaseStatus> = new Set(['reported', 'verified', 'classified', 'rectifying', 'closing_requested']);
