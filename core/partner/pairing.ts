/** The link a vehicle owner opens in the Tesla app to pair the partner's virtual key (fleet-api.md §1.7 step 6). */
export function pairingLink(domain: string): string {
  return `https://tesla.com/_ak/${domain}`;
}
