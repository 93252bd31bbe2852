import type { Region } from '../world/types';

export interface PartnerRegistration {
  clientId: string;
  domain: string;
  /** Uncompressed P-256 point, hex (65 bytes), as Tesla returns it. */
  publicKeyHex: string;
  createdAt: string;
  updatedAt: string;
}

/** Partner registrations, kept separately per region as Tesla does (register in every region you serve). */
export class PartnerRegistry {
  private readonly byRegion = new Map<Region, Map<string, PartnerRegistration>>();

  private region(region: Region): Map<string, PartnerRegistration> {
    let m = this.byRegion.get(region);
    if (!m) this.byRegion.set(region, (m = new Map()));
    return m;
  }

  /** The client's registration in a region (one domain per app and region). */
  ofClient(region: Region, clientId: string): PartnerRegistration | undefined {
    return this.region(region).get(clientId);
  }

  byDomain(region: Region, domain: string): PartnerRegistration | undefined {
    for (const r of this.region(region).values()) if (r.domain === domain) return r;
    return undefined;
  }

  /** Another client already holds this key in the region ("Public key hash has already been taken"). */
  keyTakenByOther(region: Region, clientId: string, publicKeyHex: string): boolean {
    for (const r of this.region(region).values()) if (r.clientId !== clientId && r.publicKeyHex === publicKeyHex) return true;
    return false;
  }

  upsert(region: Region, clientId: string, domain: string, publicKeyHex: string, now: Date): PartnerRegistration {
    const prev = this.ofClient(region, clientId);
    const at = now.toISOString();
    const reg: PartnerRegistration = { clientId, domain, publicKeyHex, createdAt: prev?.createdAt ?? at, updatedAt: at };
    this.region(region).set(clientId, reg);
    return reg;
  }

  isRegistered(region: Region, clientId: string): boolean {
    return this.region(region).has(clientId);
  }
}
