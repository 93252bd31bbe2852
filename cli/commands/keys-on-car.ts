/** `fleetkit keys list|remove|add-request --vin VIN`: the keys a car holds, as tesla-control's list-keys, remove-key and add-key-request. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MemorySessionStore, VehicleCommandClient, FleetApiCommandTransport } from '../../core/command-protocol';
import { listCarKeys, parseFormFactor, parseRole, removeCarKey, requestCarKeyAdd, KeyRoleError, type CarKey } from '../../core/keychain';
import { importPrivateKeyPem, importPublicKey, KeyFormatError, keyFingerprint, publicKeyPoint } from '../../core/keys';
import { vinProblem } from '../../core/vin/vin';
import { UsageError, type CliIO } from '../command';
import { failureOf, userFleet } from './telemetry/shared';

export interface CarKeyValues {
  vin?: string;
  key?: string;
  'public-key'?: string;
  role?: string;
  'form-factor'?: string;
  yes?: boolean;
  token?: string;
  'base-url'?: string;
  ca?: string;
}

function vinOf(values: CarKeyValues): string {
  if (!values.vin) throw new UsageError('--vin VIN is required');
  const vin = values.vin.trim().toUpperCase();
  const problem = vinProblem(vin);
  if (problem) throw new UsageError(`--vin ${problem}`);
  return vin;
}

async function privateKeyOf(file: string | undefined, why: string) {
  if (!file) throw new UsageError(`--key FILE is required ${why}`);
  try {
    return importPrivateKeyPem(await readFile(resolve(file), 'utf8'));
  } catch (err) {
    if (err instanceof KeyFormatError || (err as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`--key ${file}: ${(err as Error).message}`);
    throw err;
  }
}

/** `--public-key`: 130 hex characters, or a file with a PUBLIC KEY (or private key) PEM. */
async function publicKeyOf(value: string | undefined): Promise<Buffer> {
  if (!value) throw new UsageError('--public-key is required: 130 hex characters (as fleetkit keys list prints them) or a PEM file');
  try {
    if (/^[0-9a-fA-F]{130}$/.test(value.trim())) return importPublicKey(value.trim());
    const text = await readFile(resolve(value), 'utf8');
    return text.includes('PRIVATE KEY') ? publicKeyPoint(importPrivateKeyPem(text)) : importPublicKey(text);
  } catch (err) {
    if (err instanceof KeyFormatError || (err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UsageError(`--public-key ${value}: ${(err as Error).message}`);
    }
    throw err;
  }
}

function keyLine(k: CarKey): string {
  return `slot ${String(k.slot).padStart(2)}  ${k.role.padEnd(16)} ${k.formFactor.padEnd(14)} ${k.fingerprintShort}${k.ours ? '  (ours)' : ''}\n`;
}

/** Runs one car-key subcommand; failures print {"ok":false,…} on stdout (keys is always JSON) and exit 1. */
export async function runCarKeys(sub: 'list' | 'remove' | 'add-request', values: CarKeyValues, io: CliIO): Promise<number> {
  const vin = vinOf(values);
  let role;
  let formFactor;
  try {
    role = sub === 'add-request' ? parseRole(values.role ?? '') : undefined;
    formFactor = sub === 'add-request' ? parseFormFactor(values['form-factor'] ?? 'cloud_key') : undefined;
  } catch (err) {
    if (err instanceof KeyRoleError) throw new UsageError(`--${/form/.test(err.message) ? 'form-factor' : 'role'}: ${err.message}`);
    throw err;
  }
  const target = sub === 'list' ? undefined : await publicKeyOf(values['public-key']);
  if (sub === 'remove' && !values.yes) {
    throw new UsageError(
      `removing key ${keyFingerprint(target!).short} from ${vin} cannot be undone (whoever holds it must pair again): run again with --yes to confirm`,
    );
  }
  const privateKey =
    sub === 'remove'
      ? await privateKeyOf(values.key, 'to sign the removal (an owner key of the car)')
      : values.key
        ? await privateKeyOf(values.key, '')
        : undefined;
  const fleet = await userFleet(io, values);
  const transport = new FleetApiCommandTransport(fleet.client);
  try {
    if (sub === 'list') {
      const keys = await listCarKeys(transport, vin, privateKey ? publicKeyPoint(privateKey) : undefined, { signal: io.signal });
      io.stdout.write(JSON.stringify({ ok: true, vin, keys }) + '\n');
      io.stderr.write(keys.map(keyLine).join('') + `${keys.length} key(s) on ${vin}\n`);
      return 0;
    }
    if (sub === 'remove') {
      const signer = new VehicleCommandClient({ privateKey: privateKey!, transport, sessionStore: new MemorySessionStore() });
      const { txid } = await removeCarKey(signer, vin, target!, { signal: io.signal });
      io.stdout.write(JSON.stringify({ ok: true, vin, removed: target!.toString('hex'), ...(txid ? { txid } : {}) }) + '\n');
      io.stderr.write(`Removed key ${keyFingerprint(target!).short} from ${vin}\n`);
      return 0;
    }
    await requestCarKeyAdd(transport, vin, target!, role!, formFactor, { signal: io.signal });
    io.stdout.write(JSON.stringify({ ok: true, vin, requested: target!.toString('hex'), role, form_factor: formFactor, waiting_for: 'key card tap' }) + '\n');
    io.stderr.write(
      `Sent the add-key request to ${vin} (${role}). Confirm it by tapping a key card on the center console; fleetkit keys list shows the key once added.\n`,
    );
    return 0;
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    const f = failureOf(err);
    io.stdout.write(JSON.stringify({ ok: false, ...f }) + '\n');
    io.stderr.write(`fleetkit keys ${sub}: ${f.message}\n${f.hints.map((h) => `  → ${h}\n`).join('')}`);
    return 1;
  } finally {
    await fleet.close();
  }
}
