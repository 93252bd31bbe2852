/**
 * The one place a Fleetkit error becomes what a person reads: a sentence that names the fix, and the actions that
 * apply (buttons in the editor, hints in the CLI). Used by the vehicles tree, Send Command, Push Telemetry Config and
 * the CLI, so a failure reads the same wherever it happens. Pure; never includes tokens or keys (messages come from
 * our own error classes and Tesla's short error texts).
 */
import { CommandParamError } from '../command-protocol/catalogue';
import { KeyNotPairedError, ProtocolNotSupportedError, ProtocolRequiredError, SessionAuthenticationError, VehicleFaultError } from '../command-protocol/errors';
import {
  AsleepError,
  FleetApiError,
  ForbiddenError,
  PreconditionFailedError,
  RateLimitedError,
  ReauthRequiredError,
  TransportError,
  WrongRegionError,
} from '../fleet-api/errors';
import { KeyFormatError } from '../keys/p256';
import { LoginRequiredError } from '../oauth/errors';
import { SessionNotFoundError } from '../oauth/refresh-manager';

export type ErrorAction =
  | 'signIn'
  | 'registerPartner'
  | 'wake'
  | 'pair'
  | 'copyPublicKey'
  | 'fixParams'
  | 'retry'
  | 'checkState'
  | 'useSignedTransport'
  | 'importKey'
  | 'startSimulator'
  | 'showLog';

export interface ErrorDescription {
  message: string;
  /** Tesla's own words, when they add to the message. */
  detail?: string;
  /** What helps, most useful first. */
  actions: ErrorAction[];
  /** Tesla's transaction id, to quote in a support request. */
  txid?: string;
  /** The pairing link for `pair`. */
  url?: string;
  /** The request changed something and may have run: never offer a blind retry. */
  mayHaveSucceeded?: boolean;
}

export interface ErrorContext {
  /** The account's region, for 412 "register in this region". */
  region?: string;
  /** The vehicle's display name. */
  vehicle?: string;
  /** The call went to the local simulator (a refused connection means it is not running). */
  simulator?: boolean;
}

export function describeError(err: unknown, context: ErrorContext = {}): ErrorDescription {
  const txid = err instanceof FleetApiError ? err.txid : undefined;
  const suffix = txid ? ` (txid ${txid})` : '';
  const withTxid = txid ? { txid } : {};
  const vehicle = context.vehicle ?? 'The vehicle';

  if (err instanceof KeyNotPairedError) return { message: err.message, actions: ['pair', 'copyPublicKey', 'showLog'], url: err.pairingUrl };
  if (err instanceof CommandParamError) return { message: err.message, actions: ['fixParams'] };
  if (err instanceof ProtocolRequiredError) return { message: err.message, actions: ['useSignedTransport', 'showLog'] };
  if (err instanceof ProtocolNotSupportedError) return { message: err.message, actions: ['showLog'] };
  if (err instanceof KeyFormatError) return { message: err.message, actions: ['importKey'] };

  if (mayHaveSucceeded(err)) {
    const what =
      err instanceof FleetApiError ? `Tesla answered ${err.status}${err.error ? ` (${err.error})` : ''}` : err instanceof Error ? err.message : String(err);
    return {
      message: `${vehicle} may already have carried out the command: ${what}. Check the vehicle's state before sending it again${suffix}.`,
      actions: ['checkState', 'showLog'],
      mayHaveSucceeded: true,
      ...withTxid,
    };
  }
  if (err instanceof VehicleFaultError) return { message: err.message, actions: err.temporary ? ['retry', 'showLog'] : ['showLog'] };
  if (err instanceof SessionAuthenticationError) return { message: `${err.message}; try again (a new session will be set up)`, actions: ['retry', 'showLog'] };

  if (err instanceof PreconditionFailedError && err.needsPartnerRegistration) {
    const region = (err.region ?? context.region ?? '').toUpperCase();
    return {
      message: `Register your partner domain in the ${region || 'current'} region: Tesla refused the call (412)${suffix}.`,
      detail: err.error ?? err.errorDescription,
      actions: ['registerPartner', 'showLog'],
      ...withTxid,
    };
  }
  if (err instanceof LoginRequiredError) {
    return {
      message: `Tesla no longer accepts the stored sign-in (${err.description ?? 'login_required: the refresh token expired or was revoked'}); sign in again.`,
      actions: ['signIn'],
    };
  }
  if (err instanceof SessionNotFoundError) return { message: err.message, actions: ['signIn'] };
  if (err instanceof ReauthRequiredError) {
    return { message: `Tesla no longer accepts this sign-in; sign in again${suffix}.`, detail: err.error, actions: ['signIn', 'showLog'], ...withTxid };
  }
  if (err instanceof AsleepError) {
    return { message: `${vehicle} is asleep or offline. Waking it is billed as a wake${suffix}.`, actions: ['wake'], ...withTxid };
  }
  if (err instanceof RateLimitedError) {
    const secs = Math.ceil(err.retryAfterMs / 1000);
    return {
      message: `Rate limited by Tesla: Fleetkit will not call again for ${secs} s${err.local ? ' (this call was not sent)' : ''}${suffix}.`,
      actions: ['showLog'],
      ...withTxid,
    };
  }
  if (err instanceof ForbiddenError) {
    return {
      message: `Tesla refused the call (403): ${err.error ?? err.errorDescription ?? 'forbidden'}. Missing scopes need a new sign-in${suffix}.`,
      actions: ['signIn', 'showLog'],
      ...withTxid,
    };
  }
  if (err instanceof WrongRegionError) return { message: `${err.message}${suffix}`, actions: ['showLog'], ...withTxid };
  if (err instanceof FleetApiError) return { message: `${err.message}${suffix}`, actions: err.temporary ? ['retry', 'showLog'] : ['showLog'], ...withTxid };
  if (err instanceof TransportError) {
    if (context.simulator && refused(err)) {
      return { message: 'The local simulator is not running: start it, then try again.', actions: ['startSimulator', 'showLog'] };
    }
    return { message: `Could not reach the Fleet API: ${err.message}`, actions: ['retry', 'showLog'] };
  }
  return { message: err instanceof Error ? err.message : String(err), actions: ['showLog'] };
}

/** True when the failed request may have changed the car (vehicle-command's MayHaveSucceeded). */
export function mayHaveSucceeded(err: unknown): boolean {
  return (
    (err instanceof FleetApiError || err instanceof TransportError || err instanceof VehicleFaultError || err instanceof SessionAuthenticationError) &&
    err.mayHaveSucceeded
  );
}

function refused(err: TransportError): boolean {
  return (err.cause as { code?: string } | undefined)?.code === 'ECONNREFUSED';
}

/** How the CLI phrases an action (the editor shows buttons instead). */
export const CLI_HINTS: Readonly<Record<ErrorAction, string>> = {
  signIn: 'sign in again (fleetkit auth login) or pass a fresh --token',
  registerPartner: 'register your partner domain in this region (fleetkit partner register DOMAIN)',
  wake: 'add --wake to wake the vehicle first (billed as a wake)',
  pair: 'pair your key with the vehicle at the pairing link',
  copyPublicKey: 'fleetkit keys show --key FILE prints the public key the vehicle must know',
  fixParams: "fix --params (fleetkit command --list shows each command's parameters)",
  retry: 'try again in a moment',
  checkState: "read the vehicle's state before sending the command again",
  useSignedTransport: 'use --transport native (signed commands) or proxy',
  importKey: 'pass a P-256 private key PEM with --key',
  startSimulator: 'start the simulator (fleetkit sim)',
  showLog: 'run with FLEETKIT_DEBUG=1 for details',
};
