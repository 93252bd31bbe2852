/**
 * One command key: the key that signs commands and config pushes is the key every check compares (PEM hosting, the
 * partner record, the doctor). A key file setting is only an explicit override of what the checks read, so when it is
 * set beside a stored command key and differs from it, that is itself a failing check: the hosted key would be
 * compared with a key that signs nothing. Pure.
 */
import { check, type Check } from '../types';
import { sameKey, type KeyInfo } from '../pem/key-info';

export const COMMAND_KEY_CHECK_ID = 'key.command';
const TITLE = 'One command key signs and is checked';

export interface CommandKeyInputs {
  /** The command key in secure storage (what signs commands and config pushes). */
  stored?: KeyInfo;
  /** The stored key exists but cannot be read. */
  storedError?: string;
  /** The key file setting, when set: its path, and the key or why it could not be read. */
  keyFile?: { path: string; setting: string; info?: KeyInfo; error?: string };
}

export interface CheckedCommandKey {
  /** The key the checks compare: the signing key. */
  key?: KeyInfo;
  source: 'stored' | 'keyFile' | 'none';
  check: Check;
}

const fp = (k: KeyInfo): string => k.pointSha256?.slice(0, 23) ?? `sha256:${k.spkiSha256.slice(0, 16)}`;

export function checkCommandKey(inputs: CommandKeyInputs): CheckedCommandKey {
  const { stored, keyFile } = inputs;
  if (inputs.storedError) {
    return {
      source: 'none',
      check: check.fail(
        COMMAND_KEY_CHECK_ID,
        TITLE,
        `The stored command key cannot be read: ${inputs.storedError}.`,
        'Generate or import the command key again.',
      ),
    };
  }
  if (stored) {
    if (!keyFile) {
      return {
        key: stored,
        source: 'stored',
        check: check.pass(
          COMMAND_KEY_CHECK_ID,
          TITLE,
          `The command key in secure storage (${fp(stored)}) signs commands and config pushes; every check compares it.`,
        ),
      };
    }
    if (!keyFile.info) {
      return {
        key: stored,
        source: 'stored',
        check: check.fail(
          COMMAND_KEY_CHECK_ID,
          TITLE,
          `${keyFile.setting} (${keyFile.path}) cannot be read: ${keyFile.error ?? 'not a key'}. The checks compare the stored command key (${fp(stored)}).`,
          `Fix or clear ${keyFile.setting}.`,
        ),
      };
    }
    if (sameKey(stored, keyFile.info)) {
      return {
        key: stored,
        source: 'stored',
        check: check.pass(COMMAND_KEY_CHECK_ID, TITLE, `The command key in secure storage (${fp(stored)}) signs; ${keyFile.setting} holds the same key.`),
      };
    }
    return {
      key: stored,
      source: 'stored',
      check: check.fail(
        COMMAND_KEY_CHECK_ID,
        TITLE,
        `${keyFile.setting} (${keyFile.path}, ${fp(keyFile.info)}) is not the command key that signs (${fp(stored)}): a key hosted or registered from that file would not match what the vehicles and Tesla check.`,
        `Clear ${keyFile.setting}, or make that file the command key (Fleetkit: Import Command Key) and pair it again.`,
      ),
    };
  }
  if (keyFile?.info) {
    return {
      key: keyFile.info,
      source: 'keyFile',
      check: check.warn(
        COMMAND_KEY_CHECK_ID,
        TITLE,
        `No command key in secure storage: ${keyFile.setting} (${fp(keyFile.info)}) signs config pushes and is what the checks compare, but commands cannot be signed.`,
        'Import that file as the command key (Fleetkit: Import Command Key) so commands and checks use one key.',
      ),
    };
  }
  return {
    source: 'none',
    check: check.fail(
      COMMAND_KEY_CHECK_ID,
      TITLE,
      `No command key${keyFile ? `, and ${keyFile.setting} (${keyFile.path}) cannot be read: ${keyFile.error ?? 'not a key'}` : ''}.`,
      'Generate or import a command key (it stays in secure storage), host its public key and pair it with your vehicles.',
    ),
  };
}
