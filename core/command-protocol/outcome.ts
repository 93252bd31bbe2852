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
  /** Tesla's transaction id of the call that carried the command (the last attempt), when the answer had one. */
  txid?: string;
}

/** Anything that can send a catalogue command: the native signer, the proxy, or plain REST. */
export interface CommandSender {
  /** `progress` (optional) reports handshake/send/recover stages of signed commands. */
  send(vin: string, command: string, params?: unknown, signal?: AbortSignal, progress?: ProgressListener): Promise<CommandOutcome>;
}

/** Where a command is (for a progress notification): handshaking, sending (attempt n), recovering from a fault. */
export type CommandProgress =
  { stage: 'handshake'; domain: DomainName } | { stage: 'send'; domain: DomainName; attempt: number } | { stage: 'recover'; domain: DomainName; fault: number };
export type ProgressListener = (event: CommandProgress) => void;
