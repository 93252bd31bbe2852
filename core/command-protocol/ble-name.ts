import { createHash } from 'node:crypto';

/** The BLE local name a vehicle advertises: `S` + hex(SHA1(VIN)[0:8]) + `C` (reference §7.1). */
export function bleLocalName(vin: string): string {
  return `S${createHash('sha1').update(vin, 'ascii').digest().subarray(0, 8).toString('hex')}C`;
}
