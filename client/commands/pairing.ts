/** Where the owner approves our key: Tesla's `_ak` link, or the simulator's own stand-in page. Pure. */

/** The domain used when no `fleetkit.partner.domain` is set and the target is the simulator. */
export const SIMULATOR_PAIRING_DOMAIN = 'fleetkit.local';

export function pairingLink(options: { domain: string; simulatorBaseUrl?: string }): string | undefined {
  const domain = options.domain.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  if (options.simulatorBaseUrl) return new URL(`/_ak/${encodeURIComponent(domain || SIMULATOR_PAIRING_DOMAIN)}`, options.simulatorBaseUrl).toString();
  if (!domain) return undefined;
  return `https://tesla.com/_ak/${domain}`;
}
