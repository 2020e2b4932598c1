/**
 * Pure: the levels of the division tree and what a materialised path says. A county deployment's tree may start
 * at the province (浙江省 33 → 嘉兴市 3304 → 平湖市 330482 → town → village) or at the county; codes are in the
 * product's short form (province 2 digits, prefecture 4, county 6, town 9, village 12: setup/division.codes.ts),
 * so a path's county is its first segment of 6 digits or more whatever the tree starts with.
 */

/** province 省, prefecture 地级市, city: the county (县级市、区、县: the deployment), town 乡镇街道, village 村社区. */
export const DIVISION_LEVELS = ['province', 'prefecture', 'city', 'town', 'village'] as const;
export type DivisionLevel = (typeof DIVISION_LEVELS)[number];

export const DIVISION_LEVEL_LABELS: Record<DivisionLevel, string> = {
  province: '省',
  prefecture: '地级市',
  city: '县(市、区)',
  town: '乡镇(街道)',
  village: '村(社区)',
};

/** The levels above the county: no boundary of their own in a county deployment, never a case's place. */
export const ABOVE_COUNTY: readonly DivisionLevel[] = ['province', 'prefecture'];

/** The county's code in a division path ('33/3304/330482/330482102/…' or '330482/330482102/…'). */
export function countyOfPath(path: string): string {
  const parts = path.split('/');
  return parts.find((p) => p.length >= 6) ?? parts[parts.length - 1];
}

/** The town's code in a division path, or null for a path above the towns. */
export function townOfPath(path: string): string | null {
  return path.split('/').find((p) => p.length === 9) ?? null;
}

type BelowCounty<T extends { level: string }> = Omit<T, 'level'> & { level: Exclude<T['level'], 'province' | 'prefecture'> };

/**
 * A scope for the overview, the goals and the reports: a province or prefecture (a user assigned above the county)
 * stands for the county below it, which a county deployment holds one of; `countyUnder` finds it by path.
 */
export async function asCountyScope<T extends { level: string; path: string }>(
  d: T | undefined,
  countyUnder: (path: string) => Promise<T | undefined>,
): Promise<BelowCounty<T> | undefined> {
  if (d && (ABOVE_COUNTY as readonly string[]).includes(d.level)) return ((await countyUnder(d.path)) ?? d) as unknown as BelowCounty<T>;
  return d as unknown as BelowCounty<T> | undefined;
}
