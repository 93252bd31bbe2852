/** Picks the sender for the `fleetkit.commands.transport` setting: native (default) | proxy | rest. */
import type { KeyObject } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { Logger } from '../log/logger';
import { VehicleCommandClient } from './client';
import type { CommandSender } from './outcome';
import { RestCommandSender } from './rest-sender';
import type { SessionStore } from './session-store';
import { FleetHttpTransport } from './transport/fleet-http';
import type { TokenSource } from './transport/types';

export type CommandTransportKind = 'native' | 'proxy' | 'rest';

export interface CreateCommandSenderOptions {
  kind: CommandTransportKind;
  /** Fleet API (or simulator) base URL for native/rest; the tesla-http-proxy URL for proxy. */
  baseUrl: string;
  token: TokenSource;
  /** Required for native. */
  privateKey?: KeyObject;
  dispatcher?: Dispatcher;
  sessionStore?: SessionStore;
  pairingDomain?: string;
  logger?: Logger;
}

export function createCommandSender(options: CreateCommandSenderOptions): CommandSender {
  const transport = new FleetHttpTransport({ baseUrl: options.baseUrl, token: options.token, ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}) });
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
