import * as vscode from 'vscode';
import { parseResolveEntries } from '../../core/checks/pem/resolve-map';
import type { ResolveMap } from '../../core/checks/pem/fetch';

export interface CheckSettings {
  /** The partner domain hosting the public key (fleetkit.partner.domain). */
  readonly domain: string;
  /** The local command key file (public or private PEM; only the public half is read). */
  readonly keyFile: string;
  /** The app's Allowed Redirect URIs as configured at developer.tesla.com. */
  readonly allowedRedirectUris: string[];
  /** host → address:port for the PEM check (local test domains); a bad entry is reported, not thrown. */
  readonly resolve: ResolveMap | undefined;
  readonly resolveError?: string;
  readonly extraCaFile: string;
}

export function readCheckSettings(): CheckSettings {
  const c = vscode.workspace.getConfiguration('fleetkit');
  const entries = c.get<string[]>('checks.resolve') ?? [];
  let resolve: ResolveMap | undefined;
  let resolveError: string | undefined;
  try {
    resolve = entries.length ? parseResolveEntries(entries) : undefined;
  } catch (err) {
    resolveError = (err as Error).message;
  }
  return {
    domain: (c.get<string>('partner.domain') ?? '').trim(),
    keyFile: (c.get<string>('partner.keyFile') ?? '').trim(),
    allowedRedirectUris: (c.get<string[]>('checks.allowedRedirectUris') ?? []).filter((u) => typeof u === 'string'),
    resolve,
    resolveError,
    extraCaFile: (c.get<string>('checks.extraCaFile') ?? '').trim(),
  };
}
