import type { Role } from '../db/schema.js';

/** The authenticated user a service acts for. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** Jurisdiction: the division subtree this user sees and changes. */
  divisionCode: string;
  divisionPath: string;
  department: string | null;
  /** An admin or the operator set the password: until the user changes it, only the password routes answer. */
  mustChangePassword?: boolean;
}

export { ROLES, ROLE_LABELS } from '../../shared/enums.js';

/** Whether a division path lies inside the actor's jurisdiction. */
export function inJurisdiction(actor: Pick<Actor, 'divisionPath'>, path: string): boolean {
  return path === actor.divisionPath || path.startsWith(actor.divisionPath + '/');
}

/**
 * Owners' ID numbers and phones are masked in every answer; the roles that act on them (town officer, city
 * office) may reveal one case's in full on its page, and each reveal is audited (查询留痕).
 */
export function mayRevealPersonalData(role: Role): boolean {
  return role === 'town_officer' || role === 'city_office';
}

export function maskIdNumber(v: string | null): string | null {
  if (!v) return v;
  return v.length <= 8 ? '*'.repeat(v.length) : `${v.slice(0, 4)}${'*'.repeat(v.length - 8)}${v.slice(-4)}`;
}
export function maskPhone(v: string | null): string | null {
  if (!v) return v;
  return v.length <= 7 ? '*'.repeat(v.length) : `${v.slice(0, 3)}****${v.slice(-4)}`;
}
/** Whether a value is one of the masks above (a masked value sent back must never be stored as the number). */
export function isMasked(v: string | null | undefined): boolean {
  return !!v && v.includes('*');
}

/**
 * The login seam. Local accounts implement it today; an OIDC provider (浙政钉) implements the same
 * contract: turn whatever the browser brings into a known, active user id, or null.
 */
export interface IdentityProvider {
  readonly name: string;
  authenticate(credentials: { username: string; password: string }): Promise<string | null>;
}
