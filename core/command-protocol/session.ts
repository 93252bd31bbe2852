/**
 * One authenticated session with one vehicle domain (reference §3.4, §3.5, §4.5): the derived key, epoch,
 * counter and clock estimate, signing of commands and authentication of replies. Pure state; no I/O.
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import { publicKeyPoint } from '../keys/p256';
import { constantTimeEqual, decryptResponse, deriveSessionKey, hmacPersonalizedTagWithKey, hmacRequestHash, sessionInfoTag, subkey } from './crypto';
import { domainName, type DomainId } from './domains';
import { SessionAuthenticationError } from './errors';
import { encodeSessionInfo, FLAG_ENCRYPT_RESPONSE_MASK, type RoutableMessage, type SessionInfo } from './messages';
import { ReplayWindow } from './replay-window';

/** Persistable session state: SessionInfo (with our current counter and clock) + when it was valid. Never keys. */
export interface CachedSession {
  vin: string;
  domain: DomainId;
  /** base64 of an encoded Signatures.SessionInfo. */
  sessionInfo: string;
  /** Local wall-clock time (ms since 1970) at which the vehicle clock read `clock_time`. */
  receivedAt: number;
}

export interface SignedRequest {
  message: RoutableMessage;
  uuid: Buffer;
  requestHash: Buffer;
  counter: number;
  /**
   * Anti-replay for this request's encrypted replies. One window per request, not per session, as in Tesla's
   * dispatcher (each pending request has its own receiver and window): a car may number its replies per request
   * (every first reply carrying counter 1), and a reply is bound to its request by the request hash in the AAD.
   */
  replies: ReplayWindow;
}

export interface SignOptions {
  /** Seconds the command stays valid (default 5, like the Go SDK). */
  lifetimeSeconds?: number;
  /** Ask for an encrypted reply (default true: flags = 2). */
  encryptResponse?: boolean;
}

/** Verifies the HMAC on session info bytes; the challenge is the uuid of the request it answers. */
export function verifySessionInfoTag(
  sessionKey: Uint8Array,
  vin: string,
  challenge: Uint8Array,
  sessionInfoBytes: Uint8Array,
  tag: Uint8Array | undefined,
): boolean {
  if (!tag || tag.length !== 32) return false;
  return constantTimeEqual(sessionInfoTag(sessionKey, vin, challenge, sessionInfoBytes), tag);
}

export class DomainSession {
  private counter: number;
  private epoch: Buffer;
  private setTime: number;
  /** Local ms at which the vehicle clock was 0. */
  private timeZero: number;
  private readonly commandKey: Buffer;
  private readonly ourPublicKey: Buffer;

  private constructor(
    readonly vin: string,
    readonly domain: DomainId,
    privateKey: KeyObject,
    private readonly sessionKey: Buffer,
    readonly vehiclePublicKey: Buffer,
    info: SessionInfo,
    receivedAt: number,
  ) {
    this.commandKey = subkey(sessionKey, 'authenticated command');
    this.ourPublicKey = publicKeyPoint(privateKey);
    this.counter = info.counter;
    this.epoch = Buffer.from(info.epoch);
    this.setTime = info.clock_time;
    this.timeZero = receivedAt - info.clock_time * 1000;
  }

  /**
   * Builds a session from a handshake reply: derives K from the vehicle key in `info` (trust on first use) and
   * checks the tag. Throws SessionAuthenticationError when the tag does not verify.
   */
  static fromHandshake(params: {
    vin: string;
    domain: DomainId;
    privateKey: KeyObject;
    info: SessionInfo;
    infoBytes: Uint8Array;
    tag: Uint8Array | undefined;
    challenge: Uint8Array;
    receivedAt: number;
  }): DomainSession {
    const key = deriveSessionKey(params.privateKey, params.info.publicKey);
    if (!verifySessionInfoTag(key, params.vin, params.challenge, params.infoBytes, params.tag)) {
      throw new SessionAuthenticationError(`session info from ${params.vin} (${domainName(params.domain)}) failed HMAC verification`);
    }
    return new DomainSession(params.vin, params.domain, params.privateKey, key, Buffer.from(params.info.publicKey), params.info, params.receivedAt);
  }

  /** Rebuilds a session from the cache (K is derived again from our private key). */
  static fromCache(cached: CachedSession, privateKey: KeyObject, info: SessionInfo): DomainSession {
    const key = deriveSessionKey(privateKey, info.publicKey);
    return new DomainSession(cached.vin, cached.domain, privateKey, key, Buffer.from(info.publicKey), info, cached.receivedAt);
  }

  /** Checks the tag on session info attached to a reply (challenge = the failed request's uuid). */
  authenticates(infoBytes: Uint8Array, tag: Uint8Array | undefined, challenge: Uint8Array): boolean {
    return verifySessionInfoTag(this.sessionKey, this.vin, challenge, infoBytes, tag);
  }

  /**
   * Applies authenticated session info (§3.5). Returns false when it is ignored: another vehicle key (pinning),
   * or a stale clock in the same epoch. Never lowers the counter.
   */
  update(info: SessionInfo, receivedAt: number): boolean {
    if (!constantTimeEqual(info.publicKey, this.vehiclePublicKey)) return false;
    const epochChanged = !constantTimeEqual(info.epoch, this.epoch);
    if (!epochChanged && info.clock_time < this.setTime) return false;
    this.counter = Math.max(this.counter, info.counter);
    this.epoch = Buffer.from(info.epoch);
    this.setTime = info.clock_time;
    this.timeZero = receivedAt - info.clock_time * 1000;
    return true;
  }

  /** The vehicle clock (seconds) as we estimate it at local time `now`. */
  vehicleClock(now: number): number {
    return Math.floor((now - this.timeZero) / 1000);
  }

  /** Signs `payload` with HMAC_PERSONALIZED, taking the next counter (never reused). */
  sign(payload: Uint8Array, now: number, options: SignOptions = {}): SignedRequest {
    if (this.counter >= 0xffffffff) throw new SessionAuthenticationError('session counter would roll over; start a new session');
    this.counter += 1;
    const flags = options.encryptResponse === false ? 0 : FLAG_ENCRYPT_RESPONSE_MASK;
    const expiresAt = Math.max(0, Math.floor((now + (options.lifetimeSeconds ?? 5) * 1000 - this.timeZero) / 1000));
    const fields = { domain: this.domain, vin: this.vin, epoch: this.epoch, expiresAt, counter: this.counter, flags };
    const tag = hmacPersonalizedTagWithKey(this.commandKey, fields, payload);
    const uuid = randomBytes(16);
    return {
      uuid,
      counter: this.counter,
      requestHash: hmacRequestHash(this.domain, tag),
      replies: new ReplayWindow(),
      message: {
        to_destination: { domain: this.domain },
        from_destination: { routing_address: randomBytes(16) },
        protobuf_message_as_bytes: payload,
        signature_data: {
          signer_identity: { public_key: this.ourPublicKey },
          HMAC_Personalized_data: { epoch: this.epoch, counter: this.counter, expires_at: expiresAt, tag },
        },
        uuid,
        ...(flags ? { flags } : {}),
      },
    };
  }

  /**
   * Returns the plaintext application payload of a reply: decrypts when it carries AES_GCM_Response_data
   * (AAD = SHA-256 of the response metadata), passes plaintext replies through (older firmware). The reply's
   * counter is checked against `request.replies` only after it authenticated (a forgery cannot use up a counter);
   * the same reply twice to one request is refused, a reply to another request starts its own count.
   */
  openReply(reply: RoutableMessage, request: SignedRequest): Uint8Array {
    const gcm = reply.signature_data?.AES_GCM_Response_data;
    const body = reply.protobuf_message_as_bytes ?? new Uint8Array(0);
    if (!gcm) return body;
    const counter = gcm.counter ?? 0;
    const plaintext = (() => {
      try {
        return decryptResponse(
          this.sessionKey,
          {
            domain: reply.from_destination?.domain ?? this.domain,
            vin: this.vin,
            counter,
            flags: reply.flags ?? 0,
            requestHash: request.requestHash,
            fault: reply.signedMessageStatus?.signed_message_fault ?? 0,
          },
          gcm.nonce ?? new Uint8Array(0),
          body,
          gcm.tag ?? new Uint8Array(0),
        );
      } catch (err) {
        throw new SessionAuthenticationError(`reply from ${this.vin} failed authentication: ${err instanceof Error ? err.message : String(err)}`, true);
      }
    })();
    if (!request.replies.accept(counter)) {
      throw new SessionAuthenticationError(`replayed reply from ${this.vin} (response counter ${counter} already seen for this request, or too old)`, true);
    }
    return plaintext;
  }

  /** State for the session cache: SessionInfo with our counter and clock estimate. */
  export(): CachedSession {
    const info = encodeSessionInfo({ counter: this.counter, publicKey: this.vehiclePublicKey, epoch: this.epoch, clock_time: this.setTime });
    return { vin: this.vin, domain: this.domain, sessionInfo: Buffer.from(info).toString('base64'), receivedAt: this.timeZero + this.setTime * 1000 };
  }

  get currentCounter(): number {
    return this.counter;
  }
}
