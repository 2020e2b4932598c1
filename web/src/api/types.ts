export type Role = 'inspector' | 'town_officer' | 'city_office' | 'department' | 'supervisor' | 'admin';

export const STATUSES = ['reported', 'verified', 'rejected', 'classified', 'rectifying', 'closing_requested', 'closed'] as const;
export type CaseStatus = (typeof STATUSES)[number];
export const DISPOSAL_CLASSES = ['demolish', 'remedy', 'defer'] as const;
export type DisposalClass = (typeof DISPOSAL_CLASSES)[number];
export const ORIGINS = ['stock', 'new'] as const;
export type Origin = (typeof ORIGINS)[number];
export const SOURCES = ['patrol', 'complaint', 'satellite', 'drone', 'census_import', 'department', 'provincial', 'prefecture'] as const;
export type CaseSource = (typeof SOURCES)[number];
export const LAND_TYPES = ['construction', 'agricultural', 'cultivated', 'basic_farmland', 'unused', 'other'] as const;
export const CATEGORIES = ['building', 'structure', 'shed', 'pole_line', 'other'] as const;
export const PHOTO_STAGES = ['before', 'during', 'after'] as const;
export type PhotoStage = (typeof PHOTO_STAGES)[number];

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  divisionCode: string;
  divisionName: string;
  department: string | null;
}

export interface AppConfig {
  mapTileUrl: string | null;
}

export interface Division {
  code: string;
  parentCode: string | null;
  level: 'city' | 'town' | 'village';
  kind: string | null;
  name: string;
  shortName: string;
  population: number | null;
  landAreaKm2: number | null;
  cultivatedAreaKm2: number | null;
  boundarySynthetic: boolean;
  inJurisdiction: boolean;
}

export interface CaseSummary {
  id: string;
  caseNo: string;
  status: CaseStatus;
  origin: Origin;
  disposalClass: DisposalClass | null;
  source: CaseSource;
  category: string;
  lon: number;
  lat: number;
  divisionCode: string;
  divisionName: string;
  townCode: string;
  townName: string;
  areaM2: number | null;
  floors: number | null;
  structure: string | null;
  use: string | null;
  landType: string | null;
  onCultivatedLand: boolean;
  onBasicFarmland: boolean;
  ownerKind: string | null;
  ownerName: string | null;
  enterpriseName: string | null;
  addressText: string | null;
  safetyRisk: string;
  foundAt: string;
  deadlineAt: string | null;
  reviewDate: string | null;
  updatedAt: string;
  photoCount: number;
  version: number;
}

export interface CaseList {
  total: number;
  items: CaseSummary[];
}

export interface TimelineEvent {
  id: number;
  at: string;
  kind: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  note: string | null;
  data: Record<string, unknown> | null;
  actorName: string | null;
  actorRole: Role | 'system' | null;
}

export interface Photo {
  id: string;
  caseId: string;
  stage: PhotoStage;
  sha256: string;
  mime: string;
  bytes: number;
  width: number | null;
  height: number | null;
  capturedAt: string | null;
  captureLon: number | null;
  captureLat: number | null;
  captureAccuracyM: number | null;
  exif: Record<string, unknown> | null;
  phash: string | null;
  evidence: PhotoEvidence | null;
  uploadedAt: string;
  urls: { original: string; display: string; thumbnail: string };
}

/** What a photo proves, computed at upload (see docs/patrol.md). */
export interface PhotoEvidence {
  exifPresent: boolean;
  locationSource: 'exif' | 'device' | null;
  gpsDistanceM: number | null;
  caseDistanceM: number | null;
  timeSource: 'exif' | 'device' | null;
  captureLagS: number | null;
  device: string | null;
  flags: string[];
}

export interface DuplicateCandidate {
  caseId: string;
  caseNo: string;
  status: CaseStatus;
  townName: string;
  divisionName: string;
  distanceM: number;
  score: number;
  factors: { photoHamming?: number | null; sameCategory?: boolean; footprintIoU?: number | null; rebuild?: boolean };
  visible: boolean;
}

export interface ExternalRef {
  system: string;
  externalId: string;
  createdAt: string;
}

export interface CaseDetail extends CaseSummary {
  footprint: GeoJSONGeometry | null;
  ownerIdNumber: string | null;
  ownerPhone: string | null;
  personalDataMasked: boolean;
  enterpriseUscc: string | null;
  addressGroup: string | null;
  addressHouseNo: string | null;
  remedyRef: string | null;
  deferReason: string | null;
  rejectReason: string | null;
  duplicateOf: string | null;
  note: string | null;
  reportedBy: string | null;
  verifiedAt: string | null;
  classifiedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  externalRefs: ExternalRef[];
  timeline: TimelineEvent[];
  allowedActions: string[];
  photos: Photo[];
  duplicateCandidates: DuplicateCandidate[];
  suggestion: DisposalSuggestion;
  tasks: CaseTask[];
  notices: SupervisionNotice[];
}

export interface GeoJSONGeometry {
  type: string;
  coordinates: unknown;
}

export interface GeoJSONFeature<P = Record<string, unknown>> {
  type: 'Feature';
  id?: string | number;
  geometry: GeoJSONGeometry | null;
  properties: P;
}

export interface GeoJSONFeatureCollection<P = Record<string, unknown>> {
  type: 'FeatureCollection';
  features: GeoJSONFeature<P>[];
  numberMatched?: number;
  numberReturned?: number;
}

export interface TodoItem {
  kind: 'verify' | 'classify' | 'rectify' | 'photo' | 'review' | 'notice' | 'task' | 'duplicate';
  caseId: string;
  caseNo: string;
  caseStatus: CaseStatus;
  townName: string;
  divisionName: string;
  addressText: string | null;
  deadline: string | null;
  overdue: boolean;
  refId: string | null;
  title: string | null;
}
export interface TodoList {
  total: number;
  overdue: number;
  counts: Record<string, number>;
  items: TodoItem[];
}
export interface AppNotification {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  caseId: string | null;
  createdAt: string;
  read: boolean;
}
export interface CaseTask {
  id: string;
  caseId: string;
  department: string;
  title: string;
  deadline: string;
  status: 'open' | 'done';
  result: string | null;
  createdAt: string;
  doneAt: string | null;
}
export interface SupervisionNotice {
  id: string;
  noticeNo: string;
  caseId: string;
  level: 'town' | 'city';
  step: string;
  reason: string;
  deadlineMissed: string;
  issuedAt: string;
  replyDue: string;
  status: 'open' | 'replied' | 'escalated';
  replyText: string | null;
  repliedAt: string | null;
}
export interface DisposalSuggestion {
  disposalClass: 'demolish' | 'remedy' | 'defer' | null;
  reasons: { ruleId: string; suggest: 'demolish' | 'remedy' | 'defer'; reason: string }[];
}
