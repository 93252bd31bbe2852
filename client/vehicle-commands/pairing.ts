/** The pairing link for the `fleetkit.partner.domain` setting: Tesla's `_ak` link, or the simulator's own stand-in page. Pure. */
import { pairingLink as pairingLinkFor, SIMULATOR_PAIRING_DOMAIN } from '../../core/partner/pairing';

export { SIMULATOR_PAIRING_DOMAIN };

/** The setting as typed (any case, a URL) → the bare domain; undefined for Tesla when no domain is set. */
export function pairingLink(options: { domain: string; simulatorBaseUrl?: string }): string | undefined {
  const domain = options.domain
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '');
  if (options.simulatorBaseUrl) return pairingLinkFor(domain, options.simulatorBaseUrl);
  return domain ? pairingLinkFor(domain) : undefined;
}
