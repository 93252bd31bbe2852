import type { DomainName } from './domains';

/** What happened to one command. A vehicle refusal (ok: false) is an outcome, not an exception. */
export interface CommandOutcome {
  command: string;
  vin: string;
  ok: boolean;
  /** The vehicle's reason when it refused, the wake state for wake_up, otherwise ''. */
  reason: string;
  /** signed = our signer over signed_command; rest = Fleet API REST; proxy = tesla-http-proxy. */
  via: 'signed' | 'rest' | 'proxy';
  domain?: DomainName;
  /** Handshakes this command needed (0 with a warm or cached session). */
  handshakes: number;
  /** Sends of the command itself (> 1 after a fault recovery or a busy vehicle). */
  attempts: number;
}

/** Anything that can send a catalogue command: the native signer, the proxy, or plain REST. */
export interface CommandSender {
  send(vin: string, command: string, params?: unknown, signal?: AbortSignal): Promise<CommandOutcome>;
}
