/**
 * Errors the command layer throws. Each one says what happened and what to do about it. HTTP failures are the Fleet
 * API client's (core/fleet-api/errors.ts: one taxonomy for data calls and commands, with `temporary` and
 * `mayHaveSucceeded`); these are the protocol's own.
 */
import { describeFault, MessageFault } from './faults';
import type { DomainName } from './domains';
import { pairingLink } from '../partner/pairing';

export { AsleepError } from '../fleet-api/errors';

/** HTTP 422 on signed_command: the vehicle does not speak the protocol (e.g. pre-2021 Model S/X). */
export class ProtocolNotSupportedError extends Error {
  constructor(readonly vin: string) {
    super(`vehicle ${vin} does not support the Vehicle Command Protocol (HTTP 422); use the REST command endpoint`);
    this.name = 'ProtocolNotSupportedError';
  }
}

/** Our public key is not on the vehicle's whitelist. The owner approves it at `pairingUrl`. */
export class KeyNotPairedError extends Error {
  readonly pairingUrl: string;
  constructor(
    readonly vin: string,
    readonly domain: DomainName,
    pairingDomain: string | undefined,
  ) {
    const url = pairingLink(pairingDomain);
    super(`vehicle ${vin} rejected the request: your public key is not paired with it. Ask the owner to approve it at ${url}`);
    this.name = 'KeyNotPairedError';
    this.pairingUrl = url;
  }
}

/** A protocol-layer fault that retries and session recovery could not clear. */
export class VehicleFaultError extends Error {
  constructor(
    readonly vin: string,
    readonly domain: DomainName,
    readonly fault: number,
  ) {
    super(`vehicle ${vin} (${domain}) rejected the command: ${describeFault(fault)}`);
    this.name = 'VehicleFaultError';
  }

  /** vehicle-command's RoutableMessageError.Temporary (pkg/protocol/error.go): busy, timeout, session faults. */
  get temporary(): boolean {
    return TEMPORARY_FAULTS.has(this.fault);
  }

  /** vehicle-command's RoutableMessageError.MayHaveSucceeded: only a reply too large to send back (or no fault). */
  get mayHaveSucceeded(): boolean {
    return this.fault === MessageFault.None || this.fault === MessageFault.ResponseMtuExceeded;
  }
}

const TEMPORARY_FAULTS: ReadonlySet<number> = new Set([
  MessageFault.Busy,
  MessageFault.Timeout,
  MessageFault.InvalidSignature,
  MessageFault.InvalidTokenOrCounter,
  MessageFault.Internal,
  MessageFault.IncorrectEpoch,
  MessageFault.TimeExpired,
  MessageFault.TimeToLiveTooLong,
]);

/**
 * The vehicle's session info, or an encrypted reply, failed authentication. A reply to a command that fails it
 * arrived after the car handled the command: `mayHaveSucceeded`.
 */
export class SessionAuthenticationError extends Error {
  constructor(
    message: string,
    readonly mayHaveSucceeded = false,
  ) {
    super(message);
    this.name = 'SessionAuthenticationError';
  }
}

/** 403 "Tesla Vehicle Command Protocol required" on a REST command: the vehicle only takes signed commands. */
export class ProtocolRequiredError extends Error {
  constructor(
    readonly vin: string,
    readonly command: string,
  ) {
    super(`vehicle ${vin} requires the Vehicle Command Protocol for ${command}; send it signed (transport "native" or "proxy")`);
    this.name = 'ProtocolRequiredError';
  }
}
