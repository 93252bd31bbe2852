import * as vscode from 'vscode';
import type { EnvironmentName } from '../../core/config/environments';
import { DEFAULT_SCOPES, normalizeScopes } from '../../core/oauth/scopes';

export type RedirectMode = 'uriHandler' | 'loopback';

/** Default loopback redirect (also registered in the simulator's default world). */
export const DEFAULT_LOOPBACK_REDIRECT = 'http://127.0.0.1:48123/callback';

/** Fleetkit's auth settings. None of them is a secret; secrets live in SecretStorage only. */
export interface AuthSettings {
  readonly environment: EnvironmentName;
  readonly clientId: string;
  readonly redirectMode: RedirectMode;
  /** The registered https forwarding page used in URI-handler mode with Tesla. */
  readonly redirectUri: string;
  readonly loopbackRedirectUri: string;
  readonly scopes: string[];
  readonly fleetBaseUrl: string;
  readonly authBaseUrl: string;
}

export function readAuthSettings(): AuthSettings {
  const c = vscode.workspace.getConfiguration('fleetkit');
  const scopes = c.get<string[]>('auth.scopes');
  return {
    environment: c.get<string>('environment') === 'tesla' ? 'tesla' : 'simulator',
    clientId: (c.get<string>('auth.clientId') ?? '').trim(),
    redirectMode: c.get<string>('auth.redirectMode') === 'loopback' ? 'loopback' : 'uriHandler',
    redirectUri: (c.get<string>('auth.redirectUri') ?? '').trim(),
    loopbackRedirectUri: (c.get<string>('auth.loopbackRedirectUri') ?? '').trim() || DEFAULT_LOOPBACK_REDIRECT,
    scopes: normalizeScopes(scopes && scopes.length ? scopes : DEFAULT_SCOPES),
    fleetBaseUrl: (c.get<string>('api.baseUrl') ?? '').trim(),
    authBaseUrl: (c.get<string>('auth.baseUrl') ?? '').trim(),
  };
}

export function affectsAuthSettings(e: vscode.ConfigurationChangeEvent): boolean {
  return ['fleetkit.environment', 'fleetkit.auth', 'fleetkit.api.baseUrl'].some((k) => e.affectsConfiguration(k));
}
