/**
 * The first view's slow parts, started by the page's entry before anything else of it runs (main.tsx
 * imports this module first, so it runs before React and the app are evaluated and rendered): the map
 * library's download and, for the account signed in on this phone, the GPS fix and the cases around it
 * (the copy on the phone at once, the server's answer as soon as the fix is in). The map's points then
 * wait for neither the first render nor the map library.
 */
import { startAround } from './around';
import { loadPatrolMap } from './map/load';
import { startWatch } from './position';
import { rememberedUser } from './session';

/** Settles once the map library is in (or could not be loaded). */
export const mapLoaded: Promise<void> = loadPatrolMap().then(
  () => undefined,
  () => undefined,
);

const remembered = rememberedUser();
if (remembered) {
  startWatch();
  startAround(remembered.username);
}
