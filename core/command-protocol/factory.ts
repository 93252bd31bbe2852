/** Picks the sender for the `fleetkit.commands.transport` setting: native (default) | proxy | rest. */
import type { KeyObject } from 'node:crypto';
import type { FleetApiClient } from '../fleet-api/client';
import type { Logger } from '../log/logger';
import { VehicleCommandClient } from './client';
import type { CommandSender } from './outcome';
import { RestCommandSender } from './rest-sender';
import type { SessionStore } from './session-store';
import { FleetApiCommandTransport } from './transport/fleet-api';

export type CommandTransportKind = 'native' | 'proxy' | 'rest';

export interface CreateCommandSenderOptions {
  kind: CommandTransportKind;
  /**
   * The Fleet API client commands go through (the account's own for native/rest, so commands share its token refresh,
   * region, rate-limit memory and cost ledger; one whose base URL is the tesla-http-proxy for proxy).
   */
  client: FleetApiClient;
  /** Required for native. */
  privateKey?: KeyObject;
  sessionStore?: SessionStore;
  pairingDomain?: string;
  logger?: Logger;
}

export function createCommandSender(options: CreateCommandSenderOptions): CommandSender {
  const transport = new FleetApiCommandTransport(options.client);
  if (options.kind === 'proxy') return new RestCommandSender(transport, 'proxy', options.pairingDomain);
  if (options.kind === 'rest') return new RestCommandSender(transport, 'rest');
  if (!options.privateKey) throw new Error('the native command transport needs a private key (generate or import one)');
  return new VehicleCommandClient({
    privateKey: options.privateKey,
    transport,
    ...(options.sessionStore ? { sessionStore: options.sessionStore } : {}),
    ...(options.pairingDomain ? { pairingDomain: options.pairingDomain } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
