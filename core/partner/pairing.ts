/** The domain the simulator's pairing page is for when no partner domain is set. */
export const SIMULATOR_PAIRING_DOMAIN = 'fleetkit.local';

/**
 * Where the owner approves the app's virtual key. Tesla: `https://tesla.com/_ak/<domain>`, the link a vehicle owner
 * opens in the Tesla app (fleet-api.md §1.7 step 6); `<your-domain>` stands in when the domain is not known. With
 * `simulatorBaseUrl`: the simulator's stand-in page `<base>/_ak/<domain>` (SIMULATOR_PAIRING_DOMAIN without one). Pure.
 */
export function pairingLink(domain?: string, simulatorBaseUrl?: string): string {
  if (simulatorBaseUrl) return new URL(`/_ak/${encodeURIComponent(domain || SIMULATOR_PAIRING_DOMAIN)}`, simulatorBaseUrl).toString();
  return `https://tesla.com/_ak/${domain || '<your-domain>'}`;
}
