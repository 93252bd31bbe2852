/**
 * A simulated vehicle's end of the Vehicle Command Protocol: answers handshakes with signed session info,
 * verifies HMAC_PERSONALIZED commands itself (own crypto, own counters), produces the reference's faults with
 * signed session info where the car attaches it, encrypts replies on request, and hands authenticated commands
 * to an executor that changes the vehicle.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  CarServerResponseType,
  RoutableMessageType,
  SessionInfoType,
  VcsecFromVcsecMessageType,
  VcsecUnsignedMessageType,
} from '../../core/command-protocol/schema';
import { Whitelist } from './whitelist';
import { decodeInfotainmentCommand, decodeVcsecCommand, UndecodableCommandError, type VehicleInstruction } from './decode-command';
import type { ReplyCounters } from '../world/types';
import { DomainState } from './domain-state';
import { encryptReply, expectedCommandTag, sharedKey, signSessionInfo, tagsEqual } from './peer-crypto';

export const Fault = {
  None: 0,
  Busy: 1,
  UnknownKeyId: 3,
  InvalidSignature: 5,
  InvalidTokenOrCounter: 6,
  InvalidDomains: 8,
  InvalidCommand: 9,
  Decoding: 10,
  Internal: 11,
  WrongPersonalization: 12,
  IncorrectEpoch: 15,
  TimeExpired: 17,
  TimeToLiveTooLong: 20,
} as const;

export interface ExecutionResult {
  ok: boolean;
  reason?: string;
}

export type Executor = (instruction: VehicleInstruction, domain: 2 | 3) => ExecutionResult;

export interface PeerOutcome {
  reply: Uint8Array;
  kind: 'handshake' | 'command' | 'fault';
  fault: number;
  domain?: 2 | 3;
  /** The authenticated command (set only when it was executed). */
  instruction?: VehicleInstruction;
  result?: ExecutionResult;
}

export interface VehiclePeerOptions {
  now?: () => number;
  /** Longest accepted expires_at − clock (seconds). Default 30. */
  maxTtlSeconds?: number;
  /** Other VINs the simulator knows, to tell "wrong VIN" (fault 12) from a bad signature (fault 5). */
  otherVins?: () => readonly string[];
  /** When true and nothing is paired yet, the first key to ask for a session is paired (a pre-paired app key). */
  autoPairFirstKey?: () => boolean;
  /** Numbering of encrypted replies' response counters, both domains (default 'per-session'). */
  replyCounters?: ReplyCounters;
}

type Msg = Record<string, unknown> & {
  to_destination?: { domain?: number; routing_address?: Uint8Array };
  from_destination?: { domain?: number; routing_address?: Uint8Array };
  protobuf_message_as_bytes?: Uint8Array;
  session_info_request?: { public_key?: Uint8Array };
  signature_data?: {
    signer_identity?: { public_key?: Uint8Array };
    HMAC_Personalized_data?: { epoch?: Uint8Array; counter?: number; expires_at?: number; tag?: Uint8Array };
    AES_GCM_Personalized_data?: unknown;
  };
  uuid?: Uint8Array;
  flags?: number;
};

export class VehiclePeer {
  private readonly domains: Record<2 | 3, DomainState>;
  /** The car's keychain: slots, roles, form factors, add-key requests waiting for a card tap. */
  readonly keychain: Whitelist;
  private readonly injected: Array<{ domain: 2 | 3; fault: number; remaining: number }> = [];
  private readonly now: () => number;
  /** K per (domain, client key): ECDH once per key, like a car keeping its session keys. */
  private readonly keys = new Map<string, Buffer | undefined>();

  constructor(
    readonly vin: string,
    private readonly options: VehiclePeerOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.keychain = new Whitelist(vin);
    this.domains = { 2: new DomainState(2, this.now), 3: new DomainState(3, this.now) };
    if (options.replyCounters) for (const d of [2, 3] as const) this.domains[d].replyCounters = options.replyCounters;
  }

  private sessionKey(domain: 2 | 3, point: Uint8Array): Buffer | undefined {
    const id = `${domain}:${Buffer.from(point).toString('hex')}`;
    if (!this.keys.has(id)) {
      if (this.keys.size > 1000) this.keys.clear();
      this.keys.set(id, sharedKey(this.domains[domain].key, point));
    }
    return this.keys.get(id);
  }

  /** The owner's approval: adds a 65-byte public key to the whitelist (both domains) as an owner cloud key. */
  pair(publicPoint: Uint8Array): void {
    this.keychain.pairAppKey(Buffer.from(publicPoint).toString('hex'));
  }

  unpair(publicPoint: Uint8Array): void {
    this.keychain.drop(Buffer.from(publicPoint).toString('hex'));
  }

  isPaired(publicPoint: Uint8Array): boolean {
    return this.keychain.has(Buffer.from(publicPoint).toString('hex'));
  }

  /** App keys on the whitelist (not the owner's built-in phone key and key card). */
  get pairedKeys(): string[] {
    return this.keychain.appKeys;
  }

  reboot(domain: 2 | 3): void {
    this.domains[domain].reboot();
  }

  /** Replaces the domain's key pair (a service visit); sessions built on the old key can no longer verify. */
  rotateKey(domain: 2 | 3): void {
    this.domains[domain].rotateKey();
    for (const id of [...this.keys.keys()]) if (id.startsWith(`${domain}:`)) this.keys.delete(id);
  }

  epoch(domain: 2 | 3): Buffer {
    return Buffer.from(this.domains[domain].epoch);
  }

  clock(domain: 2 | 3): number {
    return this.domains[domain].clock();
  }

  domainPublicKey(domain: 2 | 3): Buffer {
    return this.domains[domain].publicPoint;
  }

  replyCounters(domain: 2 | 3): ReplyCounters {
    return this.domains[domain].replyCounters;
  }

  /** Switches how `domain` numbers its encrypted replies from the next reply on. */
  setReplyCounters(domain: 2 | 3, mode: ReplyCounters): void {
    this.domains[domain].replyCounters = mode;
  }

  skewClock(domain: 2 | 3, seconds: number): void {
    this.domains[domain].skewClock(seconds);
  }

  /** The next `count` authenticated commands to `domain` are answered with `fault` (busy, internal, …). */
  injectFault(domain: 2 | 3, fault: number, count = 1): void {
    this.injected.push({ domain, fault, remaining: count });
  }

  /** Handles one `routable_message`; never throws on bad input (answers with a fault instead). */
  handle(requestBytes: Uint8Array, execute: Executor): PeerOutcome {
    let msg: Msg;
    try {
      msg = RoutableMessageType.toObject(RoutableMessageType.decode(requestBytes)) as Msg;
    } catch {
      return this.faultOnly(undefined, {}, Fault.Decoding);
    }
    const domain = msg.to_destination?.domain;
    if (domain !== 2 && domain !== 3) return this.faultOnly(undefined, msg, Fault.InvalidDomains);
    if (msg.session_info_request) return this.handshake(domain, msg);
    if (msg.protobuf_message_as_bytes !== undefined && msg.signature_data?.HMAC_Personalized_data) return this.command(domain, msg, execute);
    if (domain === 2 && msg.protobuf_message_as_bytes !== undefined && !msg.signature_data) {
      const unsigned = this.unsignedVcsec(msg);
      if (unsigned) return unsigned;
    }
    // Unsigned or AES-GCM-signed commands: Fleet API only carries HMAC-authenticated commands.
    return this.faultOnly(domain, msg, msg.signature_data ? Fault.InvalidSignature : Fault.UnknownKeyId);
  }

  private sessionInfoBytes(state: DomainState, clientKeyHex: string, status: number): Uint8Array {
    return SessionInfoType.encode({
      counter: state.counterFor(clientKeyHex),
      publicKey: state.publicPoint,
      epoch: state.epoch,
      clock_time: state.clock(),
      ...(status ? { status } : {}),
    }).finish();
  }

  private envelope(domain: 2 | 3 | undefined, msg: Msg): Record<string, unknown> {
    return {
      to_destination: { routing_address: msg.from_destination?.routing_address ?? new Uint8Array(16) },
      ...(domain ? { from_destination: { domain } } : {}),
      ...(msg.uuid ? { request_uuid: msg.uuid } : {}),
      uuid: randomBytes(16),
    };
  }

  private encode(reply: Record<string, unknown>): Uint8Array {
    return RoutableMessageType.encode(reply).finish();
  }

  private faultOnly(domain: 2 | 3 | undefined, msg: Msg, fault: number): PeerOutcome {
    const reply = { ...this.envelope(domain, msg), signedMessageStatus: { operation_status: 2, signed_message_fault: fault } };
    return { reply: this.encode(reply), kind: 'fault', fault, ...(domain ? { domain } : {}) };
  }

  /** A fault with signed session info (challenge = the request uuid), so the client can resync. */
  private faultWithSessionInfo(domain: 2 | 3, msg: Msg, fault: number, k: Buffer, clientKeyHex: string): PeerOutcome {
    const state = this.domains[domain];
    const info = this.sessionInfoBytes(state, clientKeyHex, 0);
    const reply = {
      ...this.envelope(domain, msg),
      signedMessageStatus: { operation_status: fault === Fault.Busy ? 1 : 2, signed_message_fault: fault },
      session_info: info,
      signature_data: { session_info_tag: { tag: signSessionInfo(k, this.vin, msg.uuid, info) } },
    };
    return { reply: this.encode(reply), kind: 'fault', fault, domain };
  }

  private handshake(domain: 2 | 3, msg: Msg): PeerOutcome {
    const point = msg.session_info_request?.public_key ?? new Uint8Array(0);
    const state = this.domains[domain];
    const k = this.sessionKey(domain, point);
    if (!k) return this.faultOnly(domain, msg, Fault.Decoding);
    const hex = Buffer.from(point).toString('hex');
    if (this.keychain.appKeys.length === 0 && this.options.autoPairFirstKey?.()) this.keychain.pairAppKey(hex);
    const paired = this.keychain.has(hex);
    const info = this.sessionInfoBytes(state, hex, paired ? 0 : 1);
    const reply = {
      ...this.envelope(domain, msg),
      session_info: info,
      signature_data: { session_info_tag: { tag: signSessionInfo(k, this.vin, msg.uuid, info) } },
    };
    return { reply: this.encode(reply), kind: 'handshake', fault: 0, domain };
  }

  private command(domain: 2 | 3, msg: Msg, execute: Executor): PeerOutcome {
    const state = this.domains[domain];
    const point = msg.signature_data?.signer_identity?.public_key ?? new Uint8Array(0);
    const hex = Buffer.from(point).toString('hex');
    if (!this.keychain.has(hex)) return this.faultOnly(domain, msg, Fault.UnknownKeyId);
    const k = this.sessionKey(domain, point);
    if (!k) return this.faultOnly(domain, msg, Fault.UnknownKeyId);
    const sig = msg.signature_data?.HMAC_Personalized_data ?? {};
    const payload = msg.protobuf_message_as_bytes ?? new Uint8Array(0);
    const fields = {
      domain,
      vin: this.vin,
      epoch: sig.epoch ?? new Uint8Array(0),
      expiresAt: sig.expires_at ?? 0,
      counter: sig.counter ?? 0,
      flags: msg.flags ?? 0,
    };

    if (sig.epoch && sig.epoch.length > 0 && !state.epoch.equals(Buffer.from(sig.epoch))) {
      return this.faultWithSessionInfo(domain, msg, Fault.IncorrectEpoch, k, hex);
    }
    const expected = expectedCommandTag(k, fields, payload);
    if (!tagsEqual(sig.tag, expected)) {
      const wrongVin = (this.options.otherVins?.() ?? []).some(
        (vin) => vin !== this.vin && tagsEqual(sig.tag, expectedCommandTag(k, { ...fields, vin }, payload)),
      );
      if (wrongVin) return this.faultOnly(domain, msg, Fault.WrongPersonalization);
      return this.faultWithSessionInfo(domain, msg, Fault.InvalidSignature, k, hex);
    }
    if (!sig.epoch || sig.epoch.length === 0) return this.faultWithSessionInfo(domain, msg, Fault.IncorrectEpoch, k, hex);
    const clock = state.clock();
    if (fields.expiresAt < clock) return this.faultWithSessionInfo(domain, msg, Fault.TimeExpired, k, hex);
    if (fields.expiresAt - clock > (this.options.maxTtlSeconds ?? 30)) return this.faultWithSessionInfo(domain, msg, Fault.TimeToLiveTooLong, k, hex);
    if (!state.acceptCounter(hex, fields.counter)) return this.faultWithSessionInfo(domain, msg, Fault.InvalidTokenOrCounter, k, hex);

    const injected = this.injected.find((f) => f.domain === domain && f.remaining > 0);
    if (injected) {
      injected.remaining--;
      return this.faultWithSessionInfo(domain, msg, injected.fault, k, hex);
    }

    let instruction: VehicleInstruction;
    let result: ExecutionResult;
    let appReply: Uint8Array;
    const keyOp = domain === 2 ? this.keychainCommand(hex, payload) : undefined;
    if (keyOp) {
      ({ instruction, result, reply: appReply } = keyOp);
    } else {
      try {
        instruction = domain === 2 ? decodeVcsecCommand(payload) : decodeInfotainmentCommand(payload);
      } catch (err) {
        return this.faultOnly(domain, msg, err instanceof UndecodableCommandError ? err.fault : Fault.Decoding);
      }
      result = execute(instruction, domain);
      appReply =
        domain === 3
          ? CarServerResponseType.encode({ actionStatus: result.ok ? {} : { result: 1, result_reason: { plain_text: result.reason ?? 'failed' } } }).finish()
          : VcsecFromVcsecMessageType.encode(result.ok ? {} : { nominalError: { genericError: 1 } }).finish();
    }

    const reply: Record<string, unknown> = { ...this.envelope(domain, msg), signedMessageStatus: { operation_status: 0 } };
    if ((fields.flags & 2) !== 0) {
      const tag = sig.tag as Uint8Array;
      const requestHash = Buffer.concat([Buffer.from([8]), Buffer.from(domain === 2 ? tag.subarray(0, 16) : tag)]);
      const counter = state.nextReplyCounter();
      const sealed = encryptReply(k, { domain, vin: this.vin, counter, flags: 0, requestHash, fault: 0 }, appReply);
      reply.protobuf_message_as_bytes = sealed.ciphertext;
      reply.signature_data = { AES_GCM_Response_data: { nonce: sealed.nonce, counter, tag: sealed.tag } };
    } else {
      reply.protobuf_message_as_bytes = appReply;
    }
    return { reply: this.encode(reply), kind: 'command', fault: 0, domain, instruction, result };
  }

  /** Whitelist info requests, signed or not, and signed whitelist operations; undefined for any other VCSEC payload. */
  private keychainCommand(signer: string, payload: Uint8Array): { instruction: VehicleInstruction; result: ExecutionResult; reply: Uint8Array } | undefined {
    const m = decodeUnsigned(payload);
    if (!m) return undefined;
    const info = this.infoReply(m);
    if (info) return { instruction: { name: 'whitelist_info', params: {} }, result: { ok: true }, reply: info };
    const op = m.WhitelistOperation as WhitelistOp | undefined;
    if (!op) return undefined;
    let code: number;
    let name: string;
    let key: string;
    if (op.removePublicKeyFromWhitelist) {
      name = 'remove_key';
      key = hexOf(op.removePublicKeyFromWhitelist.PublicKeyRaw);
      code = this.keychain.remove(signer, key);
    } else if (op.addKeyToWhitelistAndAddPermissions) {
      name = 'add_key';
      key = hexOf(op.addKeyToWhitelistAndAddPermissions.key?.PublicKeyRaw);
      code = this.keychain.add(signer, key, op.addKeyToWhitelistAndAddPermissions.keyRole ?? 0, op.metadataForKey?.keyFormFactor ?? 0);
    } else {
      return undefined;
    }
    return {
      instruction: { name, params: { public_key: key } },
      result: code === 0 ? { ok: true } : { ok: false, reason: `whitelist operation refused (${code})` },
      reply: whitelistStatus(code, code === 0 ? 0 : 2),
    };
  }

  /** GET_WHITELIST_INFO / GET_WHITELIST_ENTRY_INFO (by slot) answered from the keychain. */
  private infoReply(m: Record<string, unknown>): Uint8Array | undefined {
    const req = m.InformationRequest as { informationRequestType?: number; slot?: number } | undefined;
    if (!req) return undefined;
    if (req.informationRequestType === 5) {
      const entries = this.keychain.entries;
      return VcsecFromVcsecMessageType.encode({
        whitelistInfo: { numberOfEntries: entries.length, whitelistEntries: entries.map((e) => keyId(e.key)), slotMask: this.keychain.slotMask },
      }).finish();
    }
    if (req.informationRequestType === 6) {
      const e = this.keychain.bySlot(req.slot ?? 0);
      if (!e) return whitelistStatus(12, 2);
      return VcsecFromVcsecMessageType.encode({
        whitelistEntryInfo: {
          keyId: keyId(e.key),
          publicKey: { PublicKeyRaw: Buffer.from(e.key, 'hex') },
          metadataForKey: { keyFormFactor: e.formFactor },
          slot: e.slot,
          keyRole: e.role,
        },
      }).finish();
    }
    return undefined;
  }

  /**
   * Unsigned VCSEC messages the car answers: whitelist info (as tesla-control's list-keys sends it, AuthMethodNone) and
   * an add-key request, which waits for a key card tap (operation status WAIT).
   */
  private unsignedVcsec(msg: Msg): PeerOutcome | undefined {
    const m = decodeUnsigned(msg.protobuf_message_as_bytes ?? new Uint8Array(0));
    if (!m) return undefined;
    let reply = this.infoReply(m);
    let instruction: VehicleInstruction | undefined;
    const add = (m.WhitelistOperation as WhitelistOp | undefined)?.addKeyToWhitelistAndAddPermissions;
    if (!reply && add) {
      const op = m.WhitelistOperation as WhitelistOp;
      const key = hexOf(add.key?.PublicKeyRaw);
      const code = this.keychain.request(key, add.keyRole ?? 0, op.metadataForKey?.keyFormFactor ?? 0, this.now());
      reply = whitelistStatus(code, code === 0 ? 1 : 2);
      instruction = { name: 'add_key_request', params: { public_key: key } };
    }
    if (!reply) return undefined;
    const out = { ...this.envelope(2, msg), protobuf_message_as_bytes: reply };
    return { reply: this.encode(out), kind: 'command', fault: 0, domain: 2, ...(instruction ? { instruction } : {}) };
  }
}

interface WhitelistOp {
  removePublicKeyFromWhitelist?: { PublicKeyRaw?: Uint8Array };
  addKeyToWhitelistAndAddPermissions?: { key?: { PublicKeyRaw?: Uint8Array }; keyRole?: number };
  metadataForKey?: { keyFormFactor?: number };
}

function decodeUnsigned(payload: Uint8Array): Record<string, unknown> | undefined {
  try {
    return VcsecUnsignedMessageType.toObject(VcsecUnsignedMessageType.decode(payload)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

const hexOf = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? new Uint8Array(0)).toString('hex');

function keyId(hex: string): { publicKeySHA1: Buffer } {
  return { publicKeySHA1: createHash('sha1').update(Buffer.from(hex, 'hex')).digest() };
}

/** CommandStatus with a WhitelistOperation_status: the car's answer to a key change. */
function whitelistStatus(code: number, operationStatus: number): Uint8Array {
  return VcsecFromVcsecMessageType.encode({
    commandStatus: { operationStatus, whitelistOperationStatus: { whitelistOperationInformation: code, operationStatus } },
  }).finish();
}
