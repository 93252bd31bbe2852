import type { CheckReport } from '../types';
import { analyseRedirect } from './analyse';
import { probeRedirectPort } from './port-probe';

export interface RedirectCheckOptions {
  externalUri?: string;
  /** Skip the port probe (when the callback listener is already running, its own port is taken). */
  probePort?: boolean;
  now?: () => Date;
}

export async function checkRedirectUri(uri: string, allowed: readonly string[], options: RedirectCheckOptions = {}): Promise<CheckReport> {
  const portProbe = options.probePort === false ? undefined : await probeRedirectPort(uri);
  return analyseRedirect({ uri, allowed, portProbe, externalUri: options.externalUri, now: (options.now ?? (() => new Date()))() });
}
