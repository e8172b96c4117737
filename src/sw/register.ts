/**
 * Registers the service worker (src/sw/sw.ts, built as `sw.js`) in production builds, and reloads
 * the page once when that is what makes it cross-origin isolated. Never in `vite dev`, nor in a
 * build made with `VITE_SERVICE_WORKER=off`.
 */

/** Set in sessionStorage before the one automatic reload: a tab never reloads itself twice. */
const RELOADED_KEY = 'forecaster.sw-reloaded';
/** How long a first visit waits for the worker to install before the app starts un-isolated. */
const INSTALL_WAIT_MS = 8000;

/** False when this tab already reloaded itself, or when sessionStorage is blocked (no way to tell). */
function mayReload(): boolean {
  try {
    return !sessionStorage.getItem(RELOADED_KEY);
  } catch {
    return false;
  }
}

/** Resolves true once the registration has an active worker, false if installing fails or takes too long. */
function activated(reg: ServiceWorkerRegistration): Promise<boolean> {
  return new Promise((resolve) => {
    if (reg.active) return resolve(true);
    const follow = (w: ServiceWorker | null) => {
      w?.addEventListener('statechange', () => {
        if (w.state === 'activating' || w.state === 'activated') resolve(true);
        else if (w.state === 'redundant') resolve(false);
      });
    };
    follow(reg.installing ?? reg.waiting);
    reg.addEventListener('updatefound', () => follow(reg.installing));
    setTimeout(() => resolve(!!reg.active), INSTALL_WAIT_MS);
  });
}

/**
 * Call before mounting the app. Resolves true when the page is reloading (do not mount), false
 * when the app should start now: already isolated (by the host's headers or the worker), already
 * controlled, no service workers here, or the one reload already spent.
 */
export function startServiceWorker(): Promise<boolean> {
  // Whatever goes wrong here, the app starts.
  return start().catch((err: unknown) => {
    console.warn('Service worker set-up failed:', err);
    return false;
  });
}

async function start(): Promise<boolean> {
  const sw = globalThis.navigator?.serviceWorker;
  if (!sw) return false;
  if (!import.meta.env.PROD || import.meta.env.VITE_SERVICE_WORKER === 'off') {
    // Dev server, or a build with the worker switched off: drop one left by an earlier build here.
    const regs = (await sw.getRegistrations().catch(() => [])).filter((r) => /\/sw\.js$/.test(r.active?.scriptURL ?? ''));
    await Promise.all(regs.map((r) => r.unregister()));
    // Its offline copy too (cache names are 'forecaster|<scope>|<version>', see sw.ts); on every
    // load, as a worker unregistered just now still serves this page and may store files again.
    const scopes = [new URL('./', location.href).href, ...regs.map((r) => r.scope)];
    const names = await caches.keys().catch(() => []);
    await Promise.all(names.filter((n) => scopes.some((s) => n.startsWith(`forecaster|${s}|`))).map((n) => caches.delete(n)));
    return false;
  }
  const registering = sw.register('./sw.js', { scope: './' }).catch((err: unknown) => {
    console.warn(`Offline use and cross-origin isolation are off: the service worker could not be registered (${err instanceof Error ? err.message : String(err)}).`);
    return null;
  });
  // Isolated already, or the worker controls the page and isolation still failed (a reload would not help).
  if (globalThis.crossOriginIsolated || sw.controller || !mayReload()) return false;
  const reg = await registering;
  if (!reg || !(await activated(reg))) return false;
  try {
    sessionStorage.setItem(RELOADED_KEY, String(Date.now()));
  } catch {
    return false;
  }
  location.reload();
  return true;
}
