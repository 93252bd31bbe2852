/**
 * Turns a command failure into what a UI shows: one sentence and the action to offer. Never includes tokens or
 * keys (the messages come from our own error classes; HTTP bodies are cut short).
 */
import { CommandParamError } from './catalogue';
import { AsleepError, CommandHttpError, KeyNotPairedError, ProtocolNotSupportedError, ProtocolRequiredError, SessionAuthenticationError, VehicleFaultError } from './errors';
import { KeyFormatError } from '../keys/p256';

export type CommandErrorAction = 'wake' | 'pair' | 'fixParams' | 'signIn' | 'retry' | 'useSignedTransport' | 'importKey' | 'none';

export interface CommandErrorView {
  message: string;
  action: CommandErrorAction;
  /** The pairing link for `pair`. */
  url?: string;
  /** Tesla's transaction id, to quote in support requests. */
  txid?: string;
}

export function describeCommandError(err: unknown): CommandErrorView {
  if (err instanceof AsleepError) return { message: err.message, action: 'wake' };
  if (err instanceof KeyNotPairedError) return { message: err.message, action: 'pair', url: err.pairingUrl };
  if (err instanceof CommandParamError) return { message: err.message, action: 'fixParams' };
  if (err instanceof ProtocolRequiredError) return { message: err.message, action: 'useSignedTransport' };
  if (err instanceof KeyFormatError) return { message: err.message, action: 'importKey' };
  if (err instanceof VehicleFaultError) return { message: err.message, action: err.fault === 1 || err.fault === 2 || err.fault === 11 ? 'retry' : 'none' };
  if (err instanceof SessionAuthenticationError) return { message: `${err.message}; try again (a new session will be set up)`, action: 'retry' };
  if (err instanceof ProtocolNotSupportedError) return { message: err.message, action: 'none' };
  if (err instanceof CommandHttpError) {
    const base = { ...(err.txid ? { txid: err.txid } : {}) };
    if (err.status === 401) return { ...base, message: 'Tesla rejected the access token (401); sign in again', action: 'signIn' };
    if (err.status === 403) return { ...base, message: `not allowed (403): ${err.body.slice(0, 200)}`, action: 'none' };
    if (err.status === 429) return { ...base, message: 'rate limited by Fleet API (429); wait a minute and retry', action: 'retry' };
    return { ...base, message: err.message, action: err.status >= 500 ? 'retry' : 'none' };
  }
  return { message: err instanceof Error ? err.message : String(err), action: 'none' };
}
