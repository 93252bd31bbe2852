/**
 * Tesla's vehicle CA bundles, shipped with Fleetkit (fleet-telemetry's config/files/prod_ca.crt and eng_ca.crt). As
 * in fleet-telemetry, the bridge always trusts one of them: prod, or eng instead with `use_default_eng_ca`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CertificateFileError, splitPemCertificates } from '../../core/certs/pem-certificates';

export type TeslaCaEnv = 'prod' | 'eng';

/**
 * The files sit in `tesla-vehicle-ca/` beside this module in the source tree, and beside the bundles in dist/
 * (esbuild.mjs copies them there), so one relative path serves both.
 */
export const TESLA_VEHICLE_CA_DIR = join(__dirname, 'tesla-vehicle-ca');

export function teslaVehicleCaFile(env: TeslaCaEnv): string {
  return join(TESLA_VEHICLE_CA_DIR, `${env}_ca.crt`);
}

/** The bundle's certificates, one PEM each. Throws naming the fix when the installation lacks the file. */
export async function loadTeslaVehicleCas(env: TeslaCaEnv): Promise<string[]> {
  const file = teslaVehicleCaFile(env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(
      `Tesla's ${env} vehicle CA bundle is missing from this installation (${(err as Error).message}): rebuild with \`npm run build\` or reinstall Fleetkit`,
    );
  }
  try {
    return splitPemCertificates(text, file);
  } catch (err) {
    throw err instanceof CertificateFileError
      ? new Error(`Tesla's ${env} vehicle CA bundle is damaged: ${err.message}; rebuild with \`npm run build\` or reinstall Fleetkit`)
      : err;
  }
}
