/**
 * The command senders, one per account × transport × proxy trust × command key × pairing domain: a sender is rebuilt
 * when any of them changes (the account reconnected, the settings or the key changed), and kept otherwise so its
 * vehicle sessions are reused.
 */
import { createCommandSender, type CommandSender } from '../../core/command-protocol';
import type { Logger } from '../../core/log/logger';
import type { FleetkitAuth } from '../auth/api';
import type { CommandKeyStore } from '../keys/key-store';
import type { ProxyTrust } from '../proxy/proxy-trust';
import { accountIdOf } from '../vehicles/accounts';
import type { VehiclesService } from '../vehicles/service';
import { SIMULATOR_PAIRING_DOMAIN } from './pairing';
import type { MementoSessionStore } from './session-cache';
import { readCommandSettings } from './settings';

/** Native signing was chosen and there is no key to sign with. */
export class NoKeyError extends Error {
  constructor() {
    super('there is no command key yet: generate or import one (it stays in VS Code SecretStorage), then pair it with the vehicle.');
    this.name = 'NoKeyError';
  }
}

export interface CommandSendersDeps {
  readonly log: Logger;
  readonly auth: FleetkitAuth;
  readonly vehicles: VehiclesService;
  readonly keys: CommandKeyStore;
  readonly proxyTrust: ProxyTrust;
  /** The vehicle sessions (signed commands' handshakes), kept across reloads. */
  readonly sessions: MementoSessionStore;
}

export class CommandSenders {
  private readonly senders = new Map<string, CommandSender>();
  private readonly objectIds = new WeakMap<object, number>();
  private nextObjectId = 1;

  constructor(private readonly deps: CommandSendersDeps) {}

  /** A stable number per client or pool, so a sender is rebuilt when the account reconnects or the trust changes. */
  private idOf(o: object): number {
    let id = this.objectIds.get(o);
    if (!id) this.objectIds.set(o, (id = this.nextObjectId++));
    return id;
  }

  /** The sender for an account with the current settings and key; throws a sentence that names the fix. */
  async senderFor(accountId: string): Promise<CommandSender> {
    const { auth, vehicles, keys, proxyTrust, sessions, log } = this.deps;
    const session = (await auth.sessions()).find((s) => accountIdOf(s) === accountId);
    if (!session) throw new Error(`The account ${accountId} is no longer signed in; sign in again.`);
    if (!auth.environmentOf(session)) {
      throw new Error('The local simulator this account belongs to is not running: start it (Fleetkit: Start Local Simulator).');
    }
    const settings = readCommandSettings();
    const simulator = session.environment === 'simulator';
    if (settings.transport === 'proxy' && !settings.proxyUrl) {
      throw new Error('fleetkit.commands.transport is "proxy" but fleetkit.commands.proxyUrl is empty: set it to your tesla-http-proxy URL.');
    }
    const keyInfo = settings.transport === 'native' ? await keys.get() : undefined;
    if (settings.transport === 'native' && !keyInfo) throw new NoKeyError();
    // Native and REST commands go through the account's own client; the proxy gets a client of its own with the same
    // tokens and ledger, trusting the proxy's certificate.
    const accountClient = vehicles.client(accountId);
    const proxyDispatcher = settings.transport === 'proxy' ? await proxyTrust.dispatcher(settings.proxyCaFile) : undefined;
    const pairingDomain = settings.pairingDomain || (simulator ? SIMULATOR_PAIRING_DOMAIN : '');
    const cacheKey = [
      accountId,
      this.idOf(accountClient),
      settings.transport,
      settings.proxyUrl,
      proxyDispatcher ? this.idOf(proxyDispatcher) : 0,
      keyInfo?.fingerprint.full ?? '',
      pairingDomain,
    ].join('|');
    let sender = this.senders.get(cacheKey);
    if (!sender) {
      const client = settings.transport === 'proxy' ? vehicles.proxyClient(accountId, settings.proxyUrl, proxyDispatcher) : accountClient;
      sender = createCommandSender({
        kind: settings.transport,
        client,
        ...(keyInfo ? { privateKey: keyInfo.key } : {}),
        sessionStore: sessions,
        ...(pairingDomain ? { pairingDomain } : {}),
        logger: log,
      });
      this.senders.set(cacheKey, sender);
    }
    return sender;
  }

  /** The key changed: vehicle sessions are bound to the key that made them, so they go with it. */
  keyChanged(): void {
    this.senders.clear();
    void this.deps.sessions.clear();
  }
}
