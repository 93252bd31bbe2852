/**
 * The key every check compares (PEM hosting, partner registration, the doctor): the command key in SecretStorage that
 * signs, with `fleetkit.partner.keyFile` only as an override whose disagreement is itself a failing check.
 */
import { readFile } from 'node:fs/promises';
import { createPublicKey } from 'node:crypto';
import { checkCommandKey, type CheckedCommandKey } from '../../core/checks/keys/command-key';
import { describeKeyObject, describePublicKey, publicSpkiFromPem, type KeyInfo } from '../../core/checks/pem/key-info';
import type { CommandKeyStore } from './key-store';

export const KEY_FILE_SETTING = 'fleetkit.partner.keyFile';

async function keyFileInfo(path: string): Promise<{ info?: KeyInfo; error?: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { error: (err as NodeJS.ErrnoException).code ?? (err as Error).message };
  }
  try {
    return { info: describePublicKey(publicSpkiFromPem(text)) };
  } catch (err) {
    return { error: `not a PEM key (${(err as Error).message})` };
  }
}

export async function commandKeyForChecks(store: CommandKeyStore, keyFilePath: string): Promise<CheckedCommandKey> {
  let stored: KeyInfo | undefined;
  let storedError: string | undefined;
  try {
    const info = await store.get();
    if (info) stored = describeKeyObject(createPublicKey(info.key));
  } catch (err) {
    storedError = (err as Error).message;
  }
  const path = keyFilePath.trim();
  const keyFile = path ? { path, setting: KEY_FILE_SETTING, ...(await keyFileInfo(path)) } : undefined;
  return checkCommandKey({ ...(stored ? { stored } : {}), ...(storedError ? { storedError } : {}), ...(keyFile ? { keyFile } : {}) });
}
