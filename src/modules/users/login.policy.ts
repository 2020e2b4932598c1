// Pure: no I/O.
/** How many failed logins lock an account, for how long, and how many failures one address may make. */
export interface LoginPolicy {
  /** Failures of one account within `windowMinutes` that lock it. */
  maxFailures: number;
  windowMinutes: number;
  lockMinutes: number;
  /** Failed logins from one address per minute before it gets 429 (guessing across many accounts). */
  addressFailuresPerMinute: number;
}

export const DEFAULT_LOGIN_POLICY: LoginPolicy = { maxFailures: 5, windowMinutes: 15, lockMinutes: 30, addressFailuresPerMinute: 20 };

/** When the account opens again after this failure, or null when it stays open. */
export function lockAfterFailure(policy: LoginPolicy, failuresInWindow: number, now: Date): Date | null {
  return failuresInWindow >= policy.maxFailures ? new Date(now.getTime() + policy.lockMinutes * 60_000) : null;
}

/** Seconds until an address may try again, or 0 when it may try now. */
export function addressRetryAfter(policy: LoginPolicy, failuresLastMinute: number, oldestInMinute: Date | null, now: Date): number {
  if (failuresLastMinute < policy.addressFailuresPerMinute || !oldestInMinute) return 0;
  return Math.max(1, Math.ceil((oldestInMinute.getTime() + 60_000 - now.getTime()) / 1000));
}
