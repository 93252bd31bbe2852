import { EnergyEndpoints } from '../energy/endpoints';
import { ChargingEndpoints } from './charging';
import { FleetApiClient, type FleetApiClientOptions } from './client';
import { PartnerEndpoints } from './partner';
import { UserEndpoints } from './users';
import { VehicleEndpoints } from './vehicles';

/** The typed Fleet API: `api.vehicles.list()`, `api.users.region()`, … over one client. */
export class FleetApi {
  readonly vehicles: VehicleEndpoints;
  readonly users: UserEndpoints;
  readonly partner: PartnerEndpoints;
  readonly energy: EnergyEndpoints;
  readonly charging: ChargingEndpoints;

  constructor(readonly client: FleetApiClient) {
    this.vehicles = new VehicleEndpoints(client);
    this.users = new UserEndpoints(client);
    this.partner = new PartnerEndpoints(client);
    this.energy = new EnergyEndpoints(client);
    this.charging = new ChargingEndpoints(client);
  }

  static create(options: FleetApiClientOptions): FleetApi {
    return new FleetApi(new FleetApiClient(options));
  }

  /** `GET /status` → "ok" (no auth, not billed). */
  async health(signal?: AbortSignal): Promise<string> {
    const res = await this.client.get<string>('/status', { anonymous: true, allowText: true, signal });
    return String(res.response);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
