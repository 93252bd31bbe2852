import type { AccessTokenClaims } from '../../oauth/jwt';
import type { RegionRegistration } from '../../partner';
import type { KeyInfo } from '../pem/key-info';
import type { Check, CheckReport } from '../types';
import type { TelemetrySyncFacts } from './telemetry';
import type { DoctorTelemetryServer } from './telemetry-server';

/** Where the report is read: fixes name the editor's commands or the `fleetkit` CLI's. */
export type DoctorSurface = 'editor' | 'cli';

/** Everything the doctor found out, gathered by run.ts (I/O) and judged by analyse.ts (pure). */
export interface DoctorFacts {
  readonly now: Date;
  /** Default editor. */
  readonly surface?: DoctorSurface;
  readonly clientId?: string;
  readonly hasClientSecret: boolean;
  /** The user access token: its claims, or why they could not be read. Absent: no token given. */
  readonly token?: { readonly claims?: AccessTokenClaims; readonly error?: string };
  /** Scopes Fleetkit's enabled features need. */
  readonly wantedScopes: readonly string[];
  /** GET /api/1/users/region. */
  readonly userRegion?: { readonly region?: string; readonly baseUrl?: string; readonly error?: string };
  /** The regions Fleetkit is configured for (na, eu…) and the one it would call for this account. */
  readonly configuredRegions: readonly string[];
  readonly domain?: string;
  /** GET partner_accounts/public_key per region. */
  readonly partner?: readonly RegionRegistration[];
  readonly partnerError?: string;
  readonly pem?: CheckReport;
  readonly localKey?: KeyInfo;
  /** Where the owner approves the key when it is not Tesla's `_ak` link (the local simulator's pairing page). */
  readonly pairingPage?: string;
  /** Which key signs and whether a key file override disagrees with it (core/checks/keys/command-key.ts). */
  readonly commandKey?: Check;
  /** fleet_status for the account's vehicles. */
  readonly fleetStatus?: {
    readonly paired: readonly string[];
    readonly unpaired: readonly string[];
    readonly protocolRequired: Readonly<Record<string, boolean | undefined>>;
    readonly error?: string;
  };
  /** fleet_telemetry_config sync status per vehicle; absent when the doctor was not asked to look. */
  readonly telemetry?: TelemetrySyncFacts;
  /** The telemetry server check for the config the doctor was given; absent when none was given. */
  readonly telemetryServer?: DoctorTelemetryServer;
  /** Billable Fleet API calls the doctor made (users/region, vehicles, fleet_status). */
  readonly billableCalls: number;
}
