/**
 * The map library (OpenLayers and PatrolMap, one lazily loaded chunk), asked for once: from the page's
 * entry (src/main.tsx), so its download runs beside the session check and the nearby query instead of
 * after the first render; MapTab's lazy component uses the same promise.
 */
type PatrolMapModule = typeof import('./PatrolMap');

let loading: Promise<PatrolMapModule> | null = null;

export function loadPatrolMap(): Promise<PatrolMapModule> {
  loading ??= import('./PatrolMap').catch((err: unknown) => {
    loading = null; // offline before the worker had the chunk: try again next time
    throw err;
  });
  return loading;
}
