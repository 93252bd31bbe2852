import type { BillingCategory } from '../../billing/categories';

/** The pages of Tesla's endpoint reference (developer.tesla.com/docs/fleet-api/endpoints/…) the table is grouped by. */
export type EndpointGroup = 'vehicle' | 'command' | 'user' | 'partner' | 'charging' | 'energy';

export const ENDPOINT_GROUPS: readonly EndpointGroup[] = ['vehicle', 'command', 'user', 'partner', 'charging', 'energy'];

/**
 * Which token Tesla accepts: `user` is a third-party token (authorization_code, or the business variant), `partner`
 * the app's client_credentials token for the region.
 */
export type TokenType = 'user' | 'partner';

export type Scope =
  | 'openid'
  | 'offline_access'
  | 'user_data'
  | 'vehicle_device_data'
  | 'vehicle_location'
  | 'vehicle_cmds'
  | 'vehicle_charging_cmds'
  | 'energy_device_data'
  | 'energy_cmds';

export type EndpointMethod = 'GET' | 'POST' | 'DELETE';

/**
 * What the call needs from the car: `none` (answered by Tesla's servers, any state), `online` (the car must be awake;
 * 408 when asleep, never wakes it), `wakes` (wakes the car and is billed as a wake).
 */
export type VehicleStateNeed = 'none' | 'online' | 'wakes';

export type EndpointParamType = 'string' | 'integer' | 'number' | 'boolean' | 'string[]' | 'object' | 'object[]';

export interface EndpointParam {
  readonly name: string;
  /** Path parameters appear as `{name}` in the path; query parameters after `?`; body parameters in the JSON body. */
  readonly in: 'path' | 'query' | 'body';
  readonly type: EndpointParamType;
  readonly required: boolean;
  readonly description: string;
  /** The accepted values, when Tesla lists them (completion offers them). */
  readonly values?: readonly string[];
  /** `;`-separated list (vehicle_data `endpoints`). */
  readonly separator?: string;
}

/**
 * One Fleet API endpoint. The path keeps Tesla's parameter names: `/api/1/vehicles/{vehicle_tag}/vehicle_data`,
 * `/api/1/energy_sites/{energy_site_id}/live_status`.
 */
export interface EndpointSpec {
  /** Stable id, `<group>.<name>`: `vehicle.vehicle_data`, `command.door_lock`, `energy.backup`. */
  readonly id: string;
  readonly group: EndpointGroup;
  /** Tesla's name for it (the anchor on its endpoint page). */
  readonly name: string;
  readonly method: EndpointMethod;
  readonly path: string;
  /** Token types Tesla accepts. */
  readonly tokens: readonly TokenType[];
  /** Any one of these scopes is enough. Empty: any valid token of the listed types. */
  readonly scopes: readonly Scope[];
  /** Tesla's pricing category (core/billing), or null for calls Tesla does not bill. */
  readonly billing: BillingCategory | null;
  readonly vehicleState: VehicleStateNeed;
  readonly params: readonly EndpointParam[];
  /** The `response` member's shape, JSON-ish, for hover and docs (the typed shapes Fleetkit reads are in core/fleet-api/types.ts). */
  readonly response: string;
  readonly summary: string;
  /** Tesla's page for it. */
  readonly docs: string;
  /** False for endpoints Fleetkit knows from tesla-http-proxy (pkg/proxy/command.go) or clients, not from Tesla's endpoint pages. */
  readonly documented: boolean;
  /** Vehicle commands Fleetkit signs (Vehicle Command Protocol) when the car requires it: the catalogue's command name. */
  readonly signedCommand?: string;
  /** Returns binary content (PDF) rather than JSON. */
  readonly binary?: boolean;
}
