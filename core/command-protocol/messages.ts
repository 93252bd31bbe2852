/** Typed views of the envelope messages, and their encode/decode (protobufjs reflection). */
import { RoutableMessageType, SessionInfoType } from './schema';
import type { DomainId } from './domains';

export interface Destination {
  domain?: number;
  routing_address?: Uint8Array;
}

export interface KeyIdentity {
  public_key?: Uint8Array;
  handle?: number;
}

export interface HmacPersonalizedData {
  epoch?: Uint8Array;
  counter?: number;
  expires_at?: number;
  tag?: Uint8Array;
}

export interface AesGcmResponseData {
  nonce?: Uint8Array;
  counter?: number;
  tag?: Uint8Array;
}

export interface SignatureData {
  signer_identity?: KeyIdentity;
  session_info_tag?: { tag?: Uint8Array };
  HMAC_Personalized_data?: HmacPersonalizedData;
  AES_GCM_Response_data?: AesGcmResponseData;
  AES_GCM_Personalized_data?: { epoch?: Uint8Array; nonce?: Uint8Array; counter?: number; expires_at?: number; tag?: Uint8Array };
}

export interface MessageStatus {
  operation_status?: number;
  signed_message_fault?: number;
}

export interface RoutableMessage {
  to_destination?: Destination;
  from_destination?: Destination;
  protobuf_message_as_bytes?: Uint8Array;
  session_info_request?: { public_key?: Uint8Array; challenge?: Uint8Array };
  session_info?: Uint8Array;
  signature_data?: SignatureData;
  signedMessageStatus?: MessageStatus;
  request_uuid?: Uint8Array;
  uuid?: Uint8Array;
  flags?: number;
}

export interface SessionInfo {
  counter: number;
  publicKey: Uint8Array;
  epoch: Uint8Array;
  clock_time: number;
  status: number;
  handle?: number;
}

export const SESSION_INFO_STATUS_KEY_NOT_ON_WHITELIST = 1;
export const OPERATION_STATUS_WAIT = 1;
export const OPERATION_STATUS_ERROR = 2;
/** `flags` bit: ask the vehicle to encrypt its response (1 << FLAG_ENCRYPT_RESPONSE). */
export const FLAG_ENCRYPT_RESPONSE_MASK = 1 << 1;

export class ProtocolDecodeError extends Error {
  constructor(what: string, cause: unknown) {
    super(`could not decode ${what}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ProtocolDecodeError';
  }
}

export function encodeRoutableMessage(message: RoutableMessage): Uint8Array {
  return RoutableMessageType.encode(message).finish();
}

export function decodeRoutableMessage(bytes: Uint8Array): RoutableMessage {
  try {
    return RoutableMessageType.toObject(RoutableMessageType.decode(bytes)) as RoutableMessage;
  } catch (err) {
    throw new ProtocolDecodeError('RoutableMessage', err);
  }
}

export function encodeSessionInfo(info: Partial<SessionInfo>): Uint8Array {
  return SessionInfoType.encode(info).finish();
}

export function decodeSessionInfo(bytes: Uint8Array): SessionInfo {
  let raw: Partial<SessionInfo>;
  try {
    raw = SessionInfoType.toObject(SessionInfoType.decode(bytes)) as Partial<SessionInfo>;
  } catch (err) {
    throw new ProtocolDecodeError('SessionInfo', err);
  }
  return {
    counter: raw.counter ?? 0,
    publicKey: raw.publicKey ?? new Uint8Array(0),
    epoch: raw.epoch ?? new Uint8Array(0),
    clock_time: raw.clock_time ?? 0,
    status: raw.status ?? 0,
    ...(raw.handle !== undefined ? { handle: raw.handle } : {}),
  };
}

/** The domain a message is addressed to, when it is addressed to a domain. */
export function destinationDomain(dest: Destination | undefined): DomainId | undefined {
  const d = dest?.domain;
  return d === 2 || d === 3 ? d : undefined;
}
