import { ApiError } from '../api/client';

/** The API's own (zh-CN) message, or a generic one for network failures. */
export function errorMessage(err: unknown, t: (k: string) => string): string {
  if (err instanceof ApiError) return err.status === 0 || !err.message ? t('app.networkError') : err.message;
  return (err as Error | undefined)?.message || t('app.loadFailed');
}
