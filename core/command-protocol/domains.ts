/** The two vehicle domains that hold sessions (UniversalMessage.Domain values). */
export const Domain = {
  VehicleSecurity: 2,
  Infotainment: 3,
} as const;
export type DomainId = (typeof Domain)[keyof typeof Domain];

export type DomainName = 'vcsec' | 'infotainment';

export function domainName(domain: DomainId): DomainName {
  return domain === Domain.VehicleSecurity ? 'vcsec' : 'infotainment';
}

export function domainFromName(name: DomainName): DomainId {
  return name === 'vcsec' ? Domain.VehicleSecurity : Domain.Infotainment;
}

export const ALL_DOMAINS: readonly DomainId[] = [Domain.VehicleSecurity, Domain.Infotainment];
