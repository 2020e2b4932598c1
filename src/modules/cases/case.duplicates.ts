import { hammingHex } from '../photos/photo.hash.js';
import type { CaseCategory } from './cases.enums.js';

/** Default duplicate radius in metres per category (before submitting, the app shows open cases this close). */
export const DUPLICATE_RADIUS_M: Record<CaseCategory | 'default', number> = {
  default: 50,
  building: 50,
  structure: 50,
  shed: 50,
  pole_line: 100,
  other: 50,
};

/** Pairs scoring at least this are marked for the town officer. */
export const DUPLICATE_THRESHOLD = 0.5;

export interface PairFacts {
  distanceM: number;
  radiusM: number;
  sameCategory: boolean;
  /** Intersection over union of the two footprints, when both have one. */
  footprintIoU: number | null;
  /** Smallest Hamming distance between any photo hash of the one and of the other (0–64). */
  photoHamming: number | null;
}

/**
 * How likely two reports are the same violation, 0–1: a weighted mean of the factors that are known.
 * Distance always counts; footprint overlap and photo similarity count when both sides have them.
 */
export function duplicateScore(f: PairFacts): { score: number; factors: Record<string, number | boolean | null> } {
  const parts: [number, number][] = [];
  const near = Math.max(0, 1 - f.distanceM / (2 * f.radiusM));
  parts.push([0.45, near]);
  parts.push([0.15, f.sameCategory ? 1 : 0]);
  if (f.footprintIoU !== null) parts.push([0.2, Math.min(1, f.footprintIoU * 2)]);
  // ≤ 6 differing bits: the same picture; ≥ 22: unrelated
  const photo = f.photoHamming === null ? null : Math.max(0, Math.min(1, (22 - f.photoHamming) / 16));
  if (photo !== null) parts.push([0.3, photo]);
  const w = parts.reduce((a, [wi]) => a + wi, 0);
  const score = Math.round((parts.reduce((a, [wi, v]) => a + wi * v, 0) / w) * 1000) / 1000;
  return {
    score,
    factors: {
      distanceM: Math.round(f.distanceM * 10) / 10,
      near: Math.round(near * 100) / 100,
      sameCategory: f.sameCategory,
      footprintIoU: f.footprintIoU,
      photoHamming: f.photoHamming,
      photoSimilarity: photo,
    },
  };
}

export function minHamming(a: string[], b: string[]): number | null {
  let best: number | null = null;
  for (const x of a) for (const y of b) best = Math.min(best ?? 64, hammingHex(x, y));
  return best;
}
