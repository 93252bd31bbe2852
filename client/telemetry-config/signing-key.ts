/**
 * Which private key signs a telemetry config (pure; no VS Code API): the command key kept in SecretStorage (the one
 * Fleetkit: Generate/Import Command Key made), and only when none is stored, the PEM at `fleetkit.partner.keyFile`.
 * The key itself is never put into messages, settings or logs.
 */
import type { KeyObject } from 'node:crypto';
import { importPrivateKeyPem } from '../../core/keys/index';

export type SigningKeySource = 'stored' | 'keyFile';

export type SigningKeyChoice = { ok: true; key: KeyObject; source: SigningKeySource } | { ok: false; problem: string };

export interface SigningKeyInputs {
  /** The stored command key, undefined when none is stored; rejects when the stored value no longer parses. */
  stored: () => Promise<KeyObject | undefined>;
  /** The `fleetkit.partner.keyFile` setting (a path). */
  keyFile: string;
  readFile: (path: string) => Promise<string>;
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function chooseSigningKey(inputs: SigningKeyInputs): Promise<SigningKeyChoice> {
  let stored: KeyObject | undefined;
  try {
    stored = await inputs.stored();
  } catch (err) {
    return { ok: false, problem: `The stored command key cannot be used (${reason(err)}); generate or import it again.` };
  }
  if (stored) return { ok: true, key: stored, source: 'stored' };
  const path = inputs.keyFile.trim();
  if (!path) {
    return { ok: false, problem: 'No command key to sign the config: generate or import one first (or set fleetkit.partner.keyFile to your private key PEM).' };
  }
  let pem: string;
  try {
    pem = await inputs.readFile(path);
  } catch (err) {
    return { ok: false, problem: `Cannot read fleetkit.partner.keyFile (${path}): ${(err as NodeJS.ErrnoException).code ?? reason(err)}.` };
  }
  try {
    return { ok: true, key: importPrivateKeyPem(pem), source: 'keyFile' };
  } catch (err) {
    return { ok: false, problem: `fleetkit.partner.keyFile (${path}) cannot sign: ${reason(err)}. Generate or import a command key instead.` };
  }
}
