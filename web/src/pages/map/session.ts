import { api } from '../../api/client';

let asking = false;
/**
 * A tile answered 401 (tiles are fetched by OpenLayers, not through the API client): ask who we are through
 * the client, whose 401 tells the app the session is gone (once at a time, however many tiles failed).
 */
export function onUnauthorizedTile(): void {
  if (asking) return;
  asking = true;
  api('/api/auth/me')
    .catch(() => undefined)
    .finally(() => {
      asking = false;
    });
}
