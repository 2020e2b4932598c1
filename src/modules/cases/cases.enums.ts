/** The registry's vocabularies: stable English codes in the API, zh-CN labels for people (shared with the web apps). */
export {
  STATUSES,
  STATUS_LABELS,
  DISPOSAL_CLASSES,
  DISPOSAL_LABELS,
  ORIGINS,
  SOURCES,
  SOURCE_LABELS,
  LAND_TYPES,
  STRUCTURES,
  USES,
  CATEGORIES,
  CATEGORY_LABELS,
  SAFETY_RISKS,
  OWNER_KINDS,
  PHOTO_STAGES,
  STAGE_LABELS,
  type CaseStatus,
  type DisposalClass,
  type Origin,
  type CaseSource,
  type CaseCategory,
  type PhotoStage,
} from '../../../shared/enums.js';
import type { CaseStatus } from '../../../shared/enums.js';

/** Cases that still need work (for the duplicate radius, maps of open cases, …). */
export const OPEN_STATUSES: CaseStatus[] = ['reported', 'verified', 'classified', 'rectifying', 'closing_requested'];
