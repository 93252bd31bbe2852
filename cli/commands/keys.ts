import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError, type CliCommand } from '../command';
import { parseOptions } from '../args';
import { runCarKeys } from './keys-on-car';
import { pairingLink } from '../../core/partner/pairing';
import {
  exportPrivateKeyPem,
  exportPublicKeyPem,
  generatePrivateKey,
  importPrivateKeyPem,
  KeyFormatError,
  keyFingerprint,
  publicKeyPoint,
} from '../../core/keys';

const USAGE = `Usage: fleetkit keys generate --out DIR [--force]
       fleetkit keys show --key FILE
       fleetkit keys list --vin VIN [--key FILE]
       fleetkit keys remove --vin VIN --public-key KEY --key FILE --yes
       fleetkit keys add-request --vin VIN --public-key KEY --role owner|driver|fm|vehicle_monitor|charging_manager
                                 [--form-factor cloud_key|nfc_card|ios_device|android_device]

generate  a P-256 command key: DIR/private-key.pem (SEC1 "EC PRIVATE KEY", mode 0600) and DIR/public-key.pem
          (SPKI "PUBLIC KEY": host it at https://<your-domain>/.well-known/appspecific/com.tesla.3p.public-key.pem).
          Refuses to overwrite an existing private key unless --force.
show      reads a private key (SEC1 or unencrypted PKCS#8) and prints its public key and fingerprint.

Both print JSON on stdout: {"private_key", "public_key", "fingerprint", "public_point"} (paths / hex).

The keys on a car (its VCSEC whitelist), as tesla-control's list-keys, remove-key and add-key-request:
list         every key: slot, role, form factor, fingerprint; with --key, ours is marked
remove       takes KEY off the car, signed by --key (an owner key of the car). Irreversible: --yes confirms it
add-request  asks the car to add KEY with --role; the car waits for a key card tap on the console
KEY is 130 hex characters (as list prints them) or a PEM file. They print {"ok": true, …} or {"ok": false, "error",
"message", "hints"} on stdout, and take --token TOKEN, --base-url URL and --ca FILE like fleetkit command.
`;

async function generate(out: string | undefined, force: boolean | undefined, io: Parameters<CliCommand['run']>[1]): Promise<number> {
  if (!out) throw new UsageError('--out DIR is required');
  const dir = resolve(out);
  const privatePath = join(dir, 'private-key.pem');
  const publicPath = join(dir, 'public-key.pem');
  if (existsSync(privatePath) && !force) {
    throw new UsageError(`${privatePath} already exists; pass --force to replace it (the old key stops working for paired vehicles)`);
  }
  const key = generatePrivateKey();
  await mkdir(dir, { recursive: true });
  await writeFile(privatePath, exportPrivateKeyPem(key), { mode: 0o600 });
  await writeFile(publicPath, exportPublicKeyPem(key), { mode: 0o644 });
  const fp = keyFingerprint(key);
  io.stdout.write(
    JSON.stringify({ private_key: privatePath, public_key: publicPath, fingerprint: fp.full, public_point: publicKeyPoint(key).toString('hex') }) + '\n',
  );
  io.stderr.write(
    `Wrote ${privatePath} (keep it secret) and ${publicPath}.\nHost the public key at https://<your-domain>/.well-known/appspecific/com.tesla.3p.public-key.pem, then pair it at ${pairingLink()}.\nFingerprint ${fp.short}\n`,
  );
  return 0;
}

async function show(file: string | undefined, io: Parameters<CliCommand['run']>[1]): Promise<number> {
  if (!file) throw new UsageError('--key FILE is required');
  let key;
  try {
    key = importPrivateKeyPem(await readFile(resolve(file), 'utf8'));
  } catch (err) {
    if (err instanceof KeyFormatError || (err as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`${file}: ${(err as Error).message}`);
    throw err;
  }
  const fp = keyFingerprint(key);
  io.stdout.write(
    JSON.stringify({
      private_key: resolve(file),
      public_key_pem: exportPublicKeyPem(key),
      fingerprint: fp.full,
      public_point: publicKeyPoint(key).toString('hex'),
    }) + '\n',
  );
  return 0;
}

export const keysCommand: CliCommand = {
  summary: 'Command keys (generate, show) and the keys on a car (list, remove, add-request)',
  usage: USAGE,
  alwaysJson: true,
  async run(args, io) {
    const [sub, ...rest] = args;
    const { values } = parseOptions(rest, {
      out: { type: 'string' },
      key: { type: 'string' },
      force: { type: 'boolean' },
      vin: { type: 'string' },
      'public-key': { type: 'string' },
      role: { type: 'string' },
      'form-factor': { type: 'string' },
      yes: { type: 'boolean' },
      token: { type: 'string' },
      'base-url': { type: 'string' },
      ca: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (sub === 'generate') return generate(values.out, values.force, io);
    if (sub === 'show') return show(values.key, io);
    if (sub === 'list' || sub === 'remove' || sub === 'add-request') return runCarKeys(sub, values, io);
    throw new UsageError(`expected 'generate', 'show', 'list', 'remove' or 'add-request', got ${sub === undefined ? 'nothing' : `'${sub}'`}`);
  },
};
