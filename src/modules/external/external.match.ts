import { categoryOf } from './external.rows.js';

/**
 * Which case an incoming point is (对账). Pure. A case within the source's radius is a candidate; it agrees
 * when its category is the point's (or the point names none) and its address does not say another place.
 * One candidate that agrees → matched; several, or one that disagrees → conflict for a person to decide;
 * none → unmatched (an officer may make it a new case or link one by hand).
 */

export interface NearCase {
  caseId: string;
  caseNo: string;
  distanceM: number;
  category: string;
  addressText: string | null;
}

interface ScoredCandidate {
  caseId: string;
  caseNo: string;
  distanceM: number;
  score: number;
  agrees: boolean;
  /** Why it disagrees (zh-CN), when it does. */
  why: string | null;
}

interface MatchDecision {
  status: 'matched' | 'conflict' | 'unmatched';
  caseId: string | null;
  candidates: ScoredCandidate[];
  note: string;
}

const bigrams = (s: string) => {
  const t = s.replace(/[\s,,。、\-—()()#号]/g, '').replace(/^(浙江省)?(嘉兴市)?(平湖市)?/, '');
  const out = new Set<string>();
  for (let i = 0; i < t.length - 1; i++) out.add(t.slice(i, i + 2));
  return out;
};

/** 0–1: how much two address texts share (Dice over character pairs, the province and city left out). */
export function addressSimilarity(a: string | null, b: string | null): number | null {
  if (!a || !b) return null;
  const [x, y] = [bigrams(a), bigrams(b)];
  if (!x.size || !y.size) return null;
  let common = 0;
  for (const g of x) if (y.has(g)) common++;
  return (2 * common) / (x.size + y.size);
}

/** Below this the two addresses describe different places. */
const ADDRESS_DISAGREES = 0.2;

export function decideMatch(point: { category: string | null; address: string | null }, near: NearCase[], radiusM: number): MatchDecision {
  const cat = categoryOf(point.category);
  const candidates: ScoredCandidate[] = near
    .filter((c) => c.distanceM <= radiusM)
    .map((c) => {
      const sameCat = cat === null || cat === c.category;
      const addr = addressSimilarity(point.address, c.addressText);
      const addrOk = addr === null || addr >= ADDRESS_DISAGREES;
      const why = !sameCat ? '类别不一致' : !addrOk ? '地址不一致' : null;
      const score = 0.6 * Math.max(0, 1 - c.distanceM / radiusM) + 0.2 * (sameCat ? 1 : 0) + 0.2 * (addr ?? 0.5);
      return { caseId: c.caseId, caseNo: c.caseNo, distanceM: Math.round(c.distanceM * 10) / 10, score: Math.round(score * 1000) / 1000, agrees: sameCat && addrOk, why };
    })
    .sort((a, b) => b.score - a.score || a.distanceM - b.distanceM);
  if (candidates.length === 0) return { status: 'unmatched', caseId: null, candidates, note: `${radiusM} 米内没有案件` };
  if (candidates.length === 1 && candidates[0].agrees) return { status: 'matched', caseId: candidates[0].caseId, candidates, note: `${candidates[0].distanceM} 米内唯一案件` };
  if (candidates.length === 1) return { status: 'conflict', caseId: null, candidates, note: `${radiusM} 米内的案件${candidates[0].why}` };
  return { status: 'conflict', caseId: null, candidates, note: `${radiusM} 米内有 ${candidates.length} 个案件` };
}
