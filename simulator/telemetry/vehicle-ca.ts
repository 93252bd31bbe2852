import { createCa, issueClientCert, type CertAndKey, type CertificateAuthority } from '../../core/certs';

/**
 * The simulator's vehicle CA: every simulated car gets a client certificate (CN = VIN) from it, as Tesla's
 * vehicles carry certificates from Tesla's vehicle CAs. A bridge trusts it via `GET /sim/telemetry/vehicle-ca`.
 * Created lazily and kept for the simulator's lifetime.
 */
export class VehicleCa {
  private ca: CertificateAuthority | undefined;
  private readonly leaves = new Map<string, CertAndKey>();

  get certPem(): string {
    return this.authority().certPem;
  }

  private authority(): CertificateAuthority {
    this.ca ??= createCa({ commonName: 'Fleetkit Simulator Vehicle CA', organization: 'Fleetkit Simulator', validityDays: 3650 });
    return this.ca;
  }

  /** The client certificate of one car (issued on first use). */
  certFor(vin: string): CertAndKey {
    let leaf = this.leaves.get(vin);
    if (!leaf) this.leaves.set(vin, (leaf = issueClientCert(this.authority(), { commonName: vin, validityDays: 825 })));
    return leaf;
  }
}
