import * as vscode from 'vscode';
import type { CommandTransportKind } from '../../core/command-protocol/factory';

export interface CommandSettings {
  transport: CommandTransportKind;
  /** tesla-http-proxy base URL for the `proxy` transport. */
  proxyUrl: string;
  /** PEM file whose certificate(s) alone are trusted for the proxy; empty: the system roots. */
  proxyCaFile: string;
  /** The partner domain whose `_ak` link pairs our key (shared with the partner/doctor features). */
  pairingDomain: string;
  /** Re-fetch live data after a command succeeds, for vehicles whose live data the user had fetched. */
  refreshAfterCommand: boolean;
}

export function readCommandSettings(): CommandSettings {
  const c = vscode.workspace.getConfiguration('fleetkit');
  const t = c.get<string>('commands.transport');
  return {
    transport: t === 'proxy' || t === 'rest' ? t : 'native',
    proxyUrl: (c.get<string>('commands.proxyUrl') ?? '').trim(),
    proxyCaFile: (c.get<string>('commands.proxyCaFile') ?? '').trim(),
    pairingDomain: (c.get<string>('partner.domain') ?? '').trim(),
    refreshAfterCommand: c.get<boolean>('commands.refreshAfterCommand') !== false,
  };
}
