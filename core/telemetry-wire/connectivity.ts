/** The connectivity record the bridge generates on connect/disconnect, in the decoded-record JSON shape. */
import type { ConnectivityStatus } from './payload/codec';
import { formatTimestamp } from './payload/protojson';

export function connectivityRecord(input: {
  vin: string;
  connectionId: string;
  status: ConnectivityStatus;
  createdAtMs: number;
  networkInterface?: string;
}): Record<string, unknown> {
  const ms = input.createdAtMs;
  return {
    vin: input.vin,
    connectionId: input.connectionId,
    status: input.status,
    createdAt: formatTimestamp(Math.floor(ms / 1000), (ms % 1000) * 1e6),
    networkInterface: input.networkInterface ?? '',
  };
}
