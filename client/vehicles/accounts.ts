import * as vscode from 'vscode';
import type { FleetkitContext } from '../context';
import type { TokenProvider } from '../../core/fleet-api/token-provider';
import { RegionDirectory, TESLA_BASE_URLS } from '../../core/fleet-api/region';
import type { AccountSource, VehicleAccount } from './service';

export const AUTH_PROVIDER_ID = 'fleetkit.tesla';

interface Claims {
  sub?: string;
  ou_code?: string;
  aud?: string | string[];
}

/** Reads (never verifies) an access token's payload: only used to pick the region and base URL. */
export function readClaims(token: string): Claims {
  try {
    const payload = token.split('.')[1];
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Claims) : {};
  } catch {
    return {};
  }
}

/** Region and Fleet API base URL from the token (`ou_code` + the `aud` entry for that region). */
export function regionFromClaims(claims: Claims): { region: string; baseUrl: string } {
  const region = (claims.ou_code ?? 'NA').toLowerCase();
  const audiences = Array.isArray(claims.aud) ? claims.aud : claims.aud ? [claims.aud] : [];
  const fleet = audiences.filter((a) => /^https?:\/\//.test(a) && !/auth/.test(new URL(a).hostname));
  const matching = fleet.find((a) => new URL(a).hostname.includes(`.${region}.`)) ?? fleet[0];
  const fallback = new RegionDirectory().baseUrlFor(region) ?? TESLA_BASE_URLS.na;
  return { region, baseUrl: matching ? new URL(matching).origin : fallback };
}

/**
 * Accounts from the `fleetkit.tesla` authentication provider, through VS Code's public authentication API
 * (so this works with whatever the sign-in feature stores). A 401 asks the provider for the session again;
 * if it hands back the same token, the user has to sign in again.
 */
export function createAccountSource(_ctx: FleetkitContext): AccountSource {
  const listeners = new Set<() => void>();
  const sub = vscode.authentication.onDidChangeSessions((e) => {
    if (e.provider.id === AUTH_PROVIDER_ID) for (const l of listeners) l();
  });
  _ctx.extension.subscriptions.push(sub);

  const current = async (): Promise<vscode.AuthenticationSession | undefined> => {
    try {
      return await vscode.authentication.getSession(AUTH_PROVIDER_ID, [], { silent: true });
    } catch {
      return undefined;
    }
  };

  return {
    async accounts(): Promise<VehicleAccount[]> {
      const session = await current();
      if (!session) return [];
      const claims = readClaims(session.accessToken);
      const { region, baseUrl } = regionFromClaims(claims);
      const tokens: TokenProvider = {
        getAccessToken: async () => (await current())?.accessToken ?? session.accessToken,
        refreshAccessToken: async (rejected) => {
          const fresh = await current();
          if (!fresh || fresh.accessToken === rejected) throw new Error('the sign-in has no newer token');
          return fresh.accessToken;
        },
      };
      return [
        {
          info: { id: claims.sub ?? session.account.id, label: session.account.label, region, environment: /127\.0\.0\.1|localhost/.test(baseUrl) ? 'simulator' : 'tesla', baseUrl },
          tokens,
        },
      ];
    },
    onDidChange(listener) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
  };
}
