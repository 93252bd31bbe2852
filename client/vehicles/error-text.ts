import {
  AsleepError,
  FleetApiError,
  ForbiddenError,
  PreconditionFailedError,
  RateLimitedError,
  ReauthRequiredError,
  TransportError,
  WrongRegionError,
} from '../../core/fleet-api/errors';

export type ErrorAction = 'signIn' | 'registerPartner' | 'wake' | 'showLog';

export interface ErrorDescription {
  message: string;
  detail?: string;
  actions: ErrorAction[];
  txid?: string;
}

/** What to tell the user about an error, and which buttons help. Pure. */
export function describeError(err: unknown, context: { region?: string; vehicle?: string } = {}): ErrorDescription {
  const txid = err instanceof FleetApiError ? err.txid : undefined;
  const suffix = txid ? ` (txid ${txid})` : '';
  if (err instanceof PreconditionFailedError && err.needsPartnerRegistration) {
    const region = (err.region ?? context.region ?? '').toUpperCase();
    return {
      message: `Register your partner domain in the ${region || 'current'} region: Tesla refused the call (412)${suffix}.`,
      detail: err.error ?? err.errorDescription,
      actions: ['registerPartner', 'showLog'],
      txid,
    };
  }
  if (err instanceof ReauthRequiredError) return { message: `Tesla no longer accepts this sign-in; sign in again${suffix}.`, detail: err.error, actions: ['signIn', 'showLog'], txid };
  if (err instanceof AsleepError) {
    return { message: `${context.vehicle ?? 'The vehicle'} is asleep or offline, so live data is not available. Waking it is billed as a wake${suffix}.`, actions: ['wake'], txid };
  }
  if (err instanceof RateLimitedError) {
    const secs = Math.ceil(err.retryAfterMs / 1000);
    return { message: `Rate limited by Tesla: Fleetkit will not call again for ${secs} s${err.local ? ' (this call was not sent)' : ''}${suffix}.`, actions: ['showLog'], txid };
  }
  if (err instanceof ForbiddenError) {
    return { message: `Tesla refused the call (403): ${err.error ?? err.errorDescription ?? 'forbidden'}. Missing scopes need a new sign-in${suffix}.`, actions: ['signIn', 'showLog'], txid };
  }
  if (err instanceof WrongRegionError) return { message: `${err.message}${suffix}`, actions: ['showLog'], txid };
  if (err instanceof FleetApiError) return { message: `${err.message}${suffix}`, actions: ['showLog'], txid };
  if (err instanceof TransportError) return { message: `Could not reach the Fleet API: ${err.message}`, actions: ['showLog'] };
  return { message: err instanceof Error ? err.message : String(err), actions: ['showLog'] };
}
