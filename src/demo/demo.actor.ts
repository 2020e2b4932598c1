import type { Deps } from '../deps.js';
import type { Actor } from '../platform/auth.js';
import { toActor } from '../modules/users/users.service.js';

/** The account the seeder (or a benchmark) acts as, by its username: it must exist. */
export async function demoActor(deps: Pick<Deps, 'repos'>, username: string): Promise<Actor> {
  const u = await deps.repos.users.byUsername(username);
  if (!u) throw new Error(`no account ${username}`);
  return toActor(u);
}
