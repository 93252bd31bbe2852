/** Errors the command layer throws. Each one says what happened and what to do about it. */
import { describeFault } from './faults';
import type { DomainName } from './domains';

/** The vehicle is asleep or offline (HTTP 408 "vehicle is offline" / 503). Wake it with `wake_up`, then retry. */
export class AsleepError extends Error {
  constructor(
    readonly vin: string,
    readonly status: number,
  ) {
    super(`vehicle ${vin} is asleep or offline (HTTP ${status}); wake it up and try again`);
    this.name = 'AsleepError';
  }
}

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
    const url = `https://tesla.com/_ak/${pairingDomain ?? '<your-domain>'}`;
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
}

/** The vehicle's session info, or an encrypted reply, failed authentication. */
export class SessionAuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SessionAuthenticationError';
  }
}

/** Any other HTTP failure from Fleet API / the proxy. `txid` is Tesla's transaction id when present. */
export class CommandHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly txid?: string,
  ) {
    super(`HTTP ${status}${txid ? ` (txid ${txid})` : ''}: ${body.slice(0, 300)}`);
    this.name = 'CommandHttpError';
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
