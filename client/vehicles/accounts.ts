import { readFile } from 'node:fs/promises';
import type * as vscode from 'vscode';
import type { FleetkitContext } from '../context';
import type { FleetkitAuth, SessionInfo } from '../auth/api';
import type { Environments } from '../auth/environment';
import type { AccountSource, VehicleAccount } from './service';

/** Tree/billing id of a session's account: the same Tesla user in Tesla and in the simulator are different accounts. */
export function accountIdOf(s: Pick<SessionInfo, 'environment' | 'accountId'>): string {
  return `${s.environment}:${s.accountId}`;
}

/**
 * Adapter over sign-in: signed-in sessions (tokens stay with sign-in; we get a TokenProvider per session) and their
 * environment (regional hosts, the simulator's CA).
 */
export function createAccountSource(ctx: FleetkitContext, api: FleetkitAuth, environments: Environments): AccountSource {
  const listeners = new Set<() => void>();
  const fire = (): void => {
    for (const l of listeners) l();
  };
  const subs: vscode.Disposable[] = [api.onDidChangeSessions(fire), environments.onDidChange(fire)];
  ctx.extension.subscriptions.push(...subs);
  const caCache = new Map<string, string>();

  const readCa = async (path: string | null): Promise<string | undefined> => {
    if (!path) return undefined;
    const cached = caCache.get(path);
    if (cached) return cached;
    const pem = await readFile(path, 'utf8');
    caCache.set(path, pem);
    return pem;
  };

  return {
    async accounts(): Promise<VehicleAccount[]> {
      const out: VehicleAccount[] = [];
      for (const s of await api.sessions()) {
        const env = api.environmentOf(s);
        const info = { id: accountIdOf(s), label: s.label, region: String(s.region).toLowerCase(), environment: s.environment, baseUrl: s.fleetBaseUrl };
        const tokens = api.tokenProvider(s.id);
        if (!env) {
          // The simulator feature says why (detached, not answering, exited); the default covers "never started".
          const why =
            environments.simulatorAbsence ?? 'The local simulator this account belongs to is not running: start it (Fleetkit: Start Local Simulator).';
          out.push({ info, tokens, sessionId: s.id, scopes: s.scopes, unavailable: why });
          continue;
        }
        let ca: string | undefined;
        try {
          ca = await readCa(env.endpoints.caPath);
        } catch (err) {
          out.push({
            info,
            tokens,
            sessionId: s.id,
            unavailable: `Could not read the simulator CA ${env.endpoints.caPath}: ${err instanceof Error ? err.message : String(err)}`,
          });
          continue;
        }
        const regionUrls: Record<string, string> = {};
        for (const [region, url] of Object.entries(env.endpoints.fleetUrls)) if (url) regionUrls[region] = url;
        // A session minted before an api.baseUrl override still goes where the environment says for its region.
        const baseUrl = regionUrls[info.region] ?? info.baseUrl;
        out.push({ info: { ...info, baseUrl }, tokens, sessionId: s.id, scopes: s.scopes, ca, regionUrls });
      }
      return out;
    },
    onDidChange(listener) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
  };
}
