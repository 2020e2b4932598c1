// first: starts the map library's download and the cases around before the rest of the entry runs
import { mapLoaded } from './early';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App from './ui/App';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The service worker keeps the app shell for offline starts (built sw.js; none in the dev server). It is
// registered once the page has its first view (the page loaded, the map library in), so that its install
// copies those files from the HTTP cache instead of downloading them a second time beside the page.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const loaded = new Promise<void>((resolve) => (document.readyState === 'complete' ? resolve() : window.addEventListener('load', () => resolve(), { once: true })));
  void Promise.all([loaded, mapLoaded]).then(() =>
    navigator.serviceWorker.register('/m/sw.js', { scope: '/m/' }).catch(() => {
      /* no worker (e.g. plain http on a LAN address): the app still runs online */
    }),
  );
}
