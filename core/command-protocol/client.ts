/**
 * The native signer: sends catalogue commands through `signed_command`, managing one session per VIN and
 * domain (handshake, cache, counter, fault recovery), with REST for unsigned commands and legacy vehicles.
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import type { Logger } from '../log/logger';
import { publicKeyPoint } from '../keys/p256';
import { readAppReply } from './app-reply';
import { CommandParamError, encodeCommandPayload, findCommand, validateParams, type CommandParams } from './catalogue';
import { domainFromName, domainName, type DomainId } from './domains';
import { KeyNotPairedError, ProtocolNotSupportedError, SessionAuthenticationError, VehicleFaultError } from './errors';
import { MessageFault, RETRIABLE_FAULTS, SESSION_FAULTS } from './faults';
import {
  decodeRoutableMessage,
  decodeSessionInfo,
  encodeRoutableMessage,
  OPERATION_STATUS_WAIT,
  SESSION_INFO_STATUS_KEY_NOT_ON_WHITELIST,
  type RoutableMessage,
} from './messages';
import type { CommandOutcome, CommandSender, ProgressListener } from './outcome';
import { DomainSession, type SignedRequest } from './session';
import type { SessionStore } from './session-store';
import type { RestCommandTransport, SignedCommandTransport } from './transport/types';

export interface VehicleCommandClientOptions {
  privateKey: KeyObject;
  transport: SignedCommandTransport & Partial<RestCommandTransport>;
  sessionStore?: SessionStore;
  /** Domain that hosts your public key; used for the pairing link https://tesla.com/_ak/<domain>. */
  pairingDomain?: string;
  /** Local wall clock in ms (tests inject skew). */
  now?: () => number;
  lifetimeSeconds?: number;
  /** Sends per command including recoveries (default 4). */
  maxAttempts?: number;
  /** Pause before retrying a busy vehicle (default 1000 ms, like the Go SDK). */
  retryDelayMs?: number;
  /** Session info arriving later than this after the request is discarded (default 10 s, Go `MaxLatency`). */
  maxLatencyMs?: number;
  logger?: Logger;
}

export interface ClientStats {
  handshakes: number;
  signedSends: number;
  restSends: number;
}

interface CallContext {
  signal?: AbortSignal;
  progress?: ProgressListener;
}

interface SendResult {
  plaintext: Uint8Array;
  attempts: number;
  handshakes: number;
  txid?: string;
}

export class VehicleCommandClient implements CommandSender {
  private readonly sessions = new Map<string, DomainSession>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly legacyVins = new Set<string>();
  private readonly now: () => number;
  readonly stats: ClientStats = { handshakes: 0, signedSends: 0, restSends: 0 };

  constructor(private readonly options: VehicleCommandClientOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Validates, signs and sends a catalogue command. Throws on transport/protocol failure; a refusal is `ok: false`. */
  async send(vin: string, command: string, params?: unknown, signal?: AbortSignal, progress?: ProgressListener): Promise<CommandOutcome> {
    const call: CallContext = { ...(signal ? { signal } : {}), ...(progress ? { progress } : {}) };
    const spec = findCommand(command);
    if (!spec) throw new CommandParamError(command, [`unknown command (see the catalogue)`]);
    const valid = validateParams(spec, params);
    if (spec.signing === 'rest') return this.sendRest(vin, command, valid, undefined, signal);
    if (this.legacyVins.has(vin)) return this.sendRest(vin, command, valid, spec.domain, signal);
    const domain = domainFromName(spec.domain);
    const payload = encodeCommandPayload(spec, valid, this.now);
    try {
      const result = await this.serialised(vin, () => this.sendLocked(vin, domain, payload, call));
      const app = readAppReply(domain, result.plaintext);
      return {
        command,
        vin,
        ok: app.ok,
        reason: app.reason,
        via: 'signed',
        domain: spec.domain,
        handshakes: result.handshakes,
        attempts: result.attempts,
        ...(result.txid ? { txid: result.txid } : {}),
      };
    } catch (err) {
      if (err instanceof ProtocolNotSupportedError && this.options.transport.restCommand) {
        this.options.logger?.info(`${vin} does not speak the command protocol (422); using REST for ${command}`);
        this.legacyVins.add(vin);
        return this.sendRest(vin, command, valid, spec.domain, signal);
      }
      throw err;
    }
  }

  private async sendRest(
    vin: string,
    command: string,
    params: CommandParams,
    domain: 'vcsec' | 'infotainment' | undefined,
    signal?: AbortSignal,
  ): Promise<CommandOutcome> {
    const t = this.options.transport;
    if (!t.restCommand || !t.wakeUp) throw new Error(`this transport cannot send REST commands (${command})`);
    this.stats.restSends++;
    const base = { command, vin, via: 'rest' as const, handshakes: 0, attempts: 1, ...(domain ? { domain } : {}) };
    if (command === 'wake_up') {
      const state = await t.wakeUp(vin, signal);
      return { ...base, ok: true, reason: state };
    }
    const result = await t.restCommand(vin, command, restBody(command, params), signal);
    return { ...base, ok: result.result, reason: result.reason, ...(result.txid ? { txid: result.txid } : {}) };
  }

  /** Signs and sends raw payload bytes to one domain, serialised per VIN; returns the plaintext reply payload. */
  sendPayload(vin: string, domain: DomainId, payload: Uint8Array, signal?: AbortSignal): Promise<SendResult> {
    return this.serialised(vin, () => this.sendLocked(vin, domain, payload, signal ? { signal } : {}));
  }

  /** Runs a handshake now (replacing any session) — e.g. to warm both domains. */
  handshake(vin: string, domain: DomainId, signal?: AbortSignal): Promise<void> {
    return this.serialised(vin, async () => {
      await this.dropSession(vin, domain);
      await this.session(vin, domain, signal ? { signal } : {});
    });
  }

  /** Forgets cached sessions (memory and store) for a VIN, or all. */
  async forgetSessions(vin?: string): Promise<void> {
    for (const [key, s] of [...this.sessions]) {
      if (!vin || s.vin === vin) {
        this.sessions.delete(key);
        await this.options.sessionStore?.delete(s.vin, s.domain);
      }
    }
  }

  private serialised<T>(vin: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(vin) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.locks.set(vin, tail);
    void tail.then(() => {
      if (this.locks.get(vin) === tail) this.locks.delete(vin);
    });
    return next;
  }

  private async sendLocked(vin: string, domain: DomainId, payload: Uint8Array, call: CallContext): Promise<SendResult> {
    const { signal } = call;
    const maxAttempts = this.options.maxAttempts ?? 4;
    const before = this.stats.handshakes;
    let lastError: Error | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      signal?.throwIfAborted();
      const session = await this.session(vin, domain, call);
      call.progress?.({ stage: 'send', domain: domainName(domain), attempt });
      const request = session.sign(payload, this.now(), { ...(this.options.lifetimeSeconds ? { lifetimeSeconds: this.options.lifetimeSeconds } : {}) });
      await this.persist(session);
      const sentAt = this.now();
      this.stats.signedSends++;
      const answer = await this.options.transport.signedCommand(vin, encodeRoutableMessage(request.message), signal);
      const reply = decodeRoutableMessage(answer.message);
      const fault = reply.signedMessageStatus?.signed_message_fault ?? 0;
      if (reply.request_uuid && reply.request_uuid.length > 0 && !Buffer.from(reply.request_uuid).equals(request.uuid)) {
        throw new SessionAuthenticationError(`reply from ${vin} answers another request (request_uuid mismatch)`, true);
      }

      if (reply.session_info) {
        const applied = this.applyAttachedSessionInfo(session, reply, request, sentAt);
        if (applied === 'stale' && SESSION_FAULTS.has(fault)) {
          // Authentic but older than what we hold (the car's clock went back): only a fresh handshake resyncs.
          await this.dropSession(vin, domain);
        }
        if (applied === 'unauthenticated') {
          // An established session whose update no longer verifies (e.g. the vehicle key rotated): start over.
          this.options.logger?.warn(`session info from ${vin} (${domainName(domain)}) failed HMAC verification; dropping the session`);
          await this.dropSession(vin, domain);
          lastError = new SessionAuthenticationError(`session info from ${vin} failed verification`);
          continue;
        }
        if (applied === 'applied') await this.persist(session);
      }

      if (fault === MessageFault.UnknownKeyId) {
        await this.dropSession(vin, domain);
        // A session from memory or the cache may belong to a car that has since forgotten it (a restarted simulator, a
        // reset car): one fresh handshake says whether the key is really unknown before we report "not paired".
        if (this.stats.handshakes === before && attempt < maxAttempts) {
          this.options.logger?.info(`${vin} (${domainName(domain)}) does not know the cached session's key; handshaking again`);
          lastError = new KeyNotPairedError(vin, domainName(domain), this.options.pairingDomain);
          continue;
        }
        throw new KeyNotPairedError(vin, domainName(domain), this.options.pairingDomain);
      }
      if (fault !== MessageFault.None) {
        lastError = new VehicleFaultError(vin, domainName(domain), fault);
        if (!RETRIABLE_FAULTS.has(fault)) throw lastError;
        this.options.logger?.debug(`${vin} ${domainName(domain)}: ${lastError.message}; retrying`);
        call.progress?.({ stage: 'recover', domain: domainName(domain), fault });
        if (SESSION_FAULTS.has(fault) && !reply.session_info) await this.dropSession(vin, domain);
        if (!SESSION_FAULTS.has(fault)) await this.pause(signal);
        continue;
      }
      if (reply.signedMessageStatus?.operation_status === OPERATION_STATUS_WAIT) {
        lastError = new VehicleFaultError(vin, domainName(domain), MessageFault.Busy);
        await this.pause(signal);
        continue;
      }
      const plaintext = session.openReply(reply, request);
      const app = readAppReply(domain, plaintext);
      if (app.busy && attempt < maxAttempts) {
        await this.pause(signal);
        continue;
      }
      return { plaintext, attempts: attempt, handshakes: this.stats.handshakes - before, ...(answer.txid ? { txid: answer.txid } : {}) };
    }
    throw lastError ?? new Error(`command to ${vin} failed after ${maxAttempts} attempts`);
  }

  /** Verifies and applies session info attached to a reply (challenge = this request's uuid). */
  private applyAttachedSessionInfo(
    session: DomainSession,
    reply: RoutableMessage,
    request: SignedRequest,
    sentAt: number,
  ): 'applied' | 'stale' | 'unauthenticated' {
    const bytes = reply.session_info as Uint8Array;
    if (!session.authenticates(bytes, reply.signature_data?.session_info_tag?.tag, request.uuid)) return 'unauthenticated';
    const receivedAt = this.now();
    if (receivedAt - sentAt > (this.options.maxLatencyMs ?? 10_000)) return 'stale'; // authentic but too late to set the clock
    return session.update(decodeSessionInfo(bytes), receivedAt) ? 'applied' : 'stale';
  }

  private key(vin: string, domain: DomainId): string {
    return `${vin}/${domain}`;
  }

  private async dropSession(vin: string, domain: DomainId): Promise<void> {
    this.sessions.delete(this.key(vin, domain));
    await this.options.sessionStore?.delete(vin, domain);
  }

  private async persist(session: DomainSession): Promise<void> {
    await this.options.sessionStore?.save(session.export());
  }

  private async pause(signal?: AbortSignal): Promise<void> {
    const ms = this.options.retryDelayMs ?? 1000;
    if (ms <= 0) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** The live session for (vin, domain): memory, then the store, then a handshake. */
  private async session(vin: string, domain: DomainId, call: CallContext): Promise<DomainSession> {
    const key = this.key(vin, domain);
    const live = this.sessions.get(key);
    if (live) return live;
    const cached = await this.options.sessionStore?.load(vin, domain);
    if (cached) {
      try {
        const info = decodeSessionInfo(Buffer.from(cached.sessionInfo, 'base64'));
        const restored = DomainSession.fromCache(cached, this.options.privateKey, info);
        this.sessions.set(key, restored);
        return restored;
      } catch (err) {
        this.options.logger?.warn(`ignoring an unusable cached session for ${vin}: ${err instanceof Error ? err.message : String(err)}`);
        await this.options.sessionStore?.delete(vin, domain);
      }
    }
    const fresh = await this.performHandshake(vin, domain, call);
    this.sessions.set(key, fresh);
    await this.persist(fresh);
    return fresh;
  }

  private async performHandshake(vin: string, domain: DomainId, call: CallContext): Promise<DomainSession> {
    const { signal } = call;
    call.progress?.({ stage: 'handshake', domain: domainName(domain) });
    const maxAttempts = this.options.maxAttempts ?? 4;
    let lastError: Error | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const uuid = randomBytes(16);
      const request = encodeRoutableMessage({
        to_destination: { domain },
        from_destination: { routing_address: randomBytes(16) },
        session_info_request: { public_key: publicKeyPoint(this.options.privateKey) },
        uuid,
      });
      const sentAt = this.now();
      this.stats.handshakes++;
      const reply = decodeRoutableMessage((await this.options.transport.signedCommand(vin, request, signal)).message);
      const receivedAt = this.now();
      const fault = reply.signedMessageStatus?.signed_message_fault ?? 0;
      if (fault === MessageFault.UnknownKeyId) throw new KeyNotPairedError(vin, domainName(domain), this.options.pairingDomain);
      if (fault !== MessageFault.None) {
        lastError = new VehicleFaultError(vin, domainName(domain), fault);
        if (!RETRIABLE_FAULTS.has(fault)) throw lastError;
        await this.pause(signal);
        continue;
      }
      if (!reply.session_info) throw new SessionAuthenticationError(`handshake reply from ${vin} carries no session info`);
      const info = decodeSessionInfo(reply.session_info);
      if (info.status === SESSION_INFO_STATUS_KEY_NOT_ON_WHITELIST) throw new KeyNotPairedError(vin, domainName(domain), this.options.pairingDomain);
      if (reply.request_uuid && reply.request_uuid.length > 0 && !Buffer.from(reply.request_uuid).equals(uuid)) {
        throw new SessionAuthenticationError(`handshake reply from ${vin} answers another request`);
      }
      if (receivedAt - sentAt > (this.options.maxLatencyMs ?? 10_000)) {
        lastError = new SessionAuthenticationError(`session info from ${vin} arrived too late to trust its clock`);
        continue;
      }
      return DomainSession.fromHandshake({
        vin,
        domain,
        privateKey: this.options.privateKey,
        info,
        infoBytes: reply.session_info,
        tag: reply.signature_data?.session_info_tag?.tag,
        challenge: uuid,
        receivedAt,
      });
    }
    throw lastError ?? new Error(`handshake with ${vin} failed`);
  }
}

/** REST body for a command: the params as given, except `navigation_request`'s documented shape. */
export function restBody(command: string, params: CommandParams): Record<string, unknown> {
  if (command === 'navigation_request') {
    const { value, ...rest } = params;
    return { ...rest, value: { 'android.intent.extra.TEXT': value ?? '' } };
  }
  return { ...params };
}
