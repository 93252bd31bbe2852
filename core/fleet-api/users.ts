import type { ApiResponse, FleetApiClient } from './client';
import { endpointPath } from './endpoints/table';
import type { UserMe, UserRegion } from './types';

interface Call {
  signal?: AbortSignal;
}

/** User endpoints (§2.3). Need a third-party token (not a partner or business token). */
export class UserEndpoints {
  constructor(private readonly client: FleetApiClient) {}

  me(call: Call = {}): Promise<ApiResponse<UserMe>> {
    return this.client.get(endpointPath('user.me'), call);
  }

  /** Answered in every region: where the account lives. */
  region(call: Call = {}): Promise<ApiResponse<UserRegion>> {
    return this.client.get(endpointPath('user.region'), call);
  }

  orders(call: Call = {}): Promise<ApiResponse<Array<Record<string, unknown>>>> {
    return this.client.get(endpointPath('user.orders'), call);
  }

  featureConfig(call: Call = {}): Promise<ApiResponse<Record<string, unknown>>> {
    return this.client.get(endpointPath('user.feature_config'), call);
  }
}
