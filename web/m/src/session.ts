/**
 * Who is signed in, and the settings the app needs, remembered on the device so that the app opens
 * offline (the cookie session is checked again as soon as the server answers).
 */
import type { User } from '../../src/api/types';
import { getConfig, type PatrolConfig } from './api';

const USER_KEY = 'wwj.patrol.user';
const CONFIG_KEY = 'wwj.patrol.config';
const DEFAULT_RADIUS_M = 50;

function read<T>(key: string): T | null {
  try {
    const s = localStorage.getItem(key);
    return s ? (JSON.parse(s) as T) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    /* private mode: nothing remembered */
  }
}

export const rememberedUser = () => read<User>(USER_KEY);
export const rememberUser = (u: User | null) => write(USER_KEY, u);

/** The server's settings, or the last ones seen when it cannot be reached. */
export async function loadConfig(): Promise<PatrolConfig> {
  try {
    const c = await getConfig();
    write(CONFIG_KEY, c);
    return c;
  } catch {
    return read<PatrolConfig>(CONFIG_KEY) ?? { mapTileUrl: null };
  }
}

/** Duplicate-warning radius for a category (GET /api/config → duplicateRadiusM), 50 m by default. */
export function duplicateRadius(config: PatrolConfig | null, category: string | null): number {
  const r = config?.duplicateRadiusM;
  return (category ? r?.[category] : undefined) ?? r?.default ?? DEFAULT_RADIUS_M;
}

/** The widest radius of any category: one nearby query serves whatever category is picked later. */
export function widestRadius(config: PatrolConfig | null): number {
  return Math.max(DEFAULT_RADIUS_M, ...Object.values(config?.duplicateRadiusM ?? {}));
}
