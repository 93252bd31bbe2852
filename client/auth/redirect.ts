import type { SimulatorReady } from '../../core/messages/simulator-ready';
import type { AuthSettings } from './settings';

/** The simulator's forwarding page (simulator/README.md, "Bounce redirect page"). */
export const SIMULATOR_BOUNCE_PATH = '/fleetkit/callback';

function isLoopbackHttp(uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

/** Thrown when no usable redirect URI is configured; the message tells the user what to set. */
export class RedirectConfigError extends Error {}

/**
 * The exact redirect URI to register/send. Pure (no vscode), so it is unit-tested.
 * - URI handler: a forwarding page (the simulator's, or the user's own https page for Tesla) that sends the browser
 *   on to the editor callback carried in `state`.
 * - Loopback: `http://127.0.0.1|localhost:<port>/<path>`, served by the extension host itself.
 */
export function chooseRedirectUri(settings: AuthSettings, simulator: SimulatorReady | undefined): string {
  if (settings.redirectMode === 'uriHandler') {
    if (simulator) {
      // The browser follows the redirect: the bounce page on the plain-HTTP browser listener opens without a
      // certificate warning; older simulators only have it on the auth host.
      const bounceOn = (base: string | undefined): string | undefined => {
        if (!base) return undefined;
        const origin = new URL(base).origin;
        return simulator.redirectUris.find((u) => {
          try {
            const x = new URL(u);
            return x.origin === origin && x.pathname === SIMULATOR_BOUNCE_PATH;
          } catch {
            return false;
          }
        });
      };
      const bounce = bounceOn(simulator.browser) ?? bounceOn(simulator.auth);
      if (bounce) return bounce;
      if (settings.redirectUri && simulator.redirectUris.includes(settings.redirectUri)) return settings.redirectUri;
      throw new RedirectConfigError('The simulator app has no forwarding page among its redirect URIs; use loopback mode (fleetkit.auth.redirectMode).');
    }
    if (!settings.redirectUri) {
      throw new RedirectConfigError(
        'URI-handler sign-in with Tesla needs the https forwarding page you registered at developer.tesla.com (setting fleetkit.auth.redirectUri), or switch fleetkit.auth.redirectMode to "loopback".',
      );
    }
    if (!settings.redirectUri.startsWith('https://')) throw new RedirectConfigError('fleetkit.auth.redirectUri must be an https:// forwarding page.');
    return settings.redirectUri;
  }
  if (simulator) {
    if (simulator.redirectUris.includes(settings.loopbackRedirectUri)) return settings.loopbackRedirectUri;
    const loop = simulator.redirectUris.find(isLoopbackHttp);
    if (!loop) throw new RedirectConfigError('The simulator app allows no loopback redirect URI; use URI-handler mode.');
    return loop;
  }
  if (!isLoopbackHttp(settings.loopbackRedirectUri)) {
    throw new RedirectConfigError('fleetkit.auth.loopbackRedirectUri must be http://127.0.0.1:<port>/… or http://localhost:<port>/….');
  }
  return settings.loopbackRedirectUri;
}

/**
 * In web hosts (code-server) `openExternal` rewrites loopback URLs to the host's port proxy (`/proxy/<port>/`) and
 * drops their path and query. A loopback auth host (the simulator) is then opened as `127.0.0.1.` (a trailing dot:
 * the same address to the browser, but not matched by that rewrite); the browser and the simulator share the machine.
 */
export function externalBrowserUrl(url: string, webHost: boolean): string {
  if (!webHost) return url;
  return url.replace(/^(https?:\/\/)127\.0\.0\.1(?=[:/])/, '$1127.0.0.1.');
}
