import type { Dispatcher } from 'undici';
import { FleetApi, RegionDirectory, staticTokenProvider, FleetApiError } from '../../fleet-api';
import type { Logger } from '../../log/logger';
import { readAccessTokenClaims } from '../../oauth/jwt';
import { DEFAULT_SCOPES } from '../../oauth/scopes';
import { PartnerTokenCache } from '../../oauth/partner-token-cache';
import { TokenClient } from '../../oauth/token-client';
import { fetchUserRegion } from '../../oauth/user-region';
import { lookupPartnerKeys, type PartnerRegion, type RegionEndpoint } from '../../partner';
import type { KeyInfo } from '../pem/key-info';
import { checkPemHosting, type PemCheckOptions } from '../pem/run';
import type { Check, CheckReport } from '../types';
import { analyseDoctor } from './analyse';
import type { DoctorFacts, DoctorSurface } from './facts';
import { telemetryState, type TelemetryVehicleSync } from './telemetry';
import { readTelemetryErrors } from './telemetry-errors';
import { telemetrySyncStatus } from '../../telemetry-config-push';
import { checkTelemetryServerConfig } from '../telemetry-server/run';
import type { ResolveMap } from '../pem/fetch';

export interface DoctorInput {
  /** Where the report is read (fix wording); default editor. */
  surface?: DoctorSurface;
  clientId?: string;
  clientSecret?: string;
  /** Whether a client secret is stored, when the caller mints partner tokens itself (`partnerToken`). */
  hasClientSecret?: boolean;
  /** Mints partner tokens for a region (the editor's cached minter); default: client_credentials with clientSecret. */
  partnerToken?: (region: PartnerRegion) => Promise<string>;
  /** The signed-in user's access token. */
  accessToken?: string;
  /** Token endpoint, for partner tokens. */
  tokenUrl: string;
  /** Fleet API base URL per region (Tesla's or the simulator's). */
  fleetUrls: Partial<Record<PartnerRegion, string>>;
  /** Connection pool carrying the TLS trust for the auth and Fleet API hosts; owned by the caller. */
  dispatcher?: Dispatcher;
  /** The partner domain that hosts the public key. */
  domain?: string;
  /** The key that signs (the stored command key, or the --key file in the CLI): what every check compares. */
  localKey?: KeyInfo;
  /** The editor's one-command-key check (stored key vs the key file override), shown beside the key items. */
  commandKey?: Check;
  /** The simulator's pairing page, shown instead of Tesla's `_ak` link when the doctor runs against the simulator. */
  pairingPage?: string;
  /** Options for the PEM hosting check (extra CA, resolve map, timeout). */
  pem?: Omit<PemCheckOptions, 'localKey'>;
  /** VINs for fleet_status; default: every vehicle of the account (one billed list call). */
  vins?: string[];
  /**
   * Look at the vehicles' telemetry config sync status (one billed GET fleet_telemetry_config per vehicle, at most
   * `maxTelemetryVehicles`), and say why in the report: e.g. "a config was pushed from Fleetkit" or
   * "fleet_telemetry_config.json is in the workspace". Absent: the item is skipped, nothing is billed.
   */
  telemetry?: { reason: string };
  /**
   * Check the telemetry server this config (a fleet_telemetry_config document) points vehicles at, as a vehicle meets
   * it (no Fleet API call); `domain` is the partner domain it should be under. Absent: the item is skipped.
   */
  telemetryServer?: { configText: string; source: string; resolve?: ResolveMap };
  /** Default 10. */
  maxTelemetryVehicles?: number;
  /** Scopes the enabled features need (default: Fleetkit's default scopes). */
  wantedScopes?: readonly string[];
  now?: () => Date;
  signal?: AbortSignal;
  logger?: Logger;
}

const message = (err: unknown): string =>
  err instanceof FleetApiError
    ? `${err.status} ${err.errorDescription || err.error || err.message}${err.txid ? ` (txid ${err.txid})` : ''}`
    : err instanceof Error
      ? err.message
      : String(err);

/**
 * Runs the doctor: reads the token, asks Tesla for the account's region, the partner registration per region and
 * fleet_status, checks the PEM hosting, and judges it all with analyseDoctor. Never throws for a failing item.
 * Makes up to three billed Fleet API calls (users/region, vehicles list unless `vins`, fleet_status), plus one per
 * vehicle for the telemetry sync status when `telemetry` is given.
 */
export async function runDoctor(input: DoctorInput): Promise<CheckReport> {
  const now = input.now ?? (() => new Date());
  const log = input.logger;
  if (input.accessToken) log?.addSecret(input.accessToken);
  if (input.clientSecret) log?.addSecret(input.clientSecret);
  let billableCalls = 0;
  const configuredRegions = (Object.keys(input.fleetUrls) as PartnerRegion[]).filter((r) => input.fleetUrls[r]);

  let token: DoctorFacts['token'];
  if (input.accessToken) {
    try {
      token = { claims: readAccessTokenClaims(input.accessToken) };
    } catch (err) {
      token = { error: message(err) };
    }
  }
  const claims = token?.claims;
  const expired = claims ? claims.exp * 1000 <= now().getTime() : true;

  // Region, as Tesla sees it.
  let userRegion: DoctorFacts['userRegion'];
  if (claims && !expired && input.accessToken) {
    const guess = (claims.ouCode?.toLowerCase() as PartnerRegion | undefined) ?? 'na';
    const base = input.fleetUrls[guess] ?? input.fleetUrls.na ?? Object.values(input.fleetUrls)[0];
    if (base) {
      billableCalls++;
      try {
        const r = await fetchUserRegion(base, input.accessToken, input.dispatcher);
        userRegion = { region: r.region, baseUrl: r.fleetBaseUrl };
      } catch (err) {
        userRegion = { error: message(err) };
      }
    }
  }
  const region = (userRegion?.region ?? claims?.ouCode?.toLowerCase()) as PartnerRegion | undefined;

  // Partner registration in every configured region, and PEM hosting, in parallel.
  const regions: RegionEndpoint[] = configuredRegions.filter((r) => r !== 'cn').map((r) => ({ region: r, baseUrl: input.fleetUrls[r]! }));
  let partnerError: string | undefined;
  let mint: ((audience: string) => Promise<string>) | undefined;
  if (input.partnerToken) {
    const byRegion = input.partnerToken;
    mint = (audience) => {
      const region = regions.find((r) => r.baseUrl === audience)?.region;
      return region ? byRegion(region) : Promise.reject(new Error(`no region for ${audience}`));
    };
  } else if (input.clientId && input.clientSecret) {
    const client = new TokenClient({ tokenUrl: input.tokenUrl, clientId: input.clientId, dispatcher: input.dispatcher });
    const secret = input.clientSecret;
    const cache = new PartnerTokenCache((audience) => client.clientCredentials({ clientSecret: secret, audience }));
    mint = (audience) => cache.get(audience);
  }
  const partnerPromise =
    input.domain && mint
      ? lookupPartnerKeys({
          domain: input.domain,
          regions,
          partnerToken: mint,
          localKeyHex: input.localKey?.pointHex,
          dispatcher: input.dispatcher,
          logger: log,
          signal: input.signal,
        })
      : Promise.resolve(undefined);
  if (input.domain && !mint) partnerError = 'no client credentials to mint a partner token';
  const serverInput = input.telemetryServer;
  const serverPromise = serverInput
    ? checkTelemetryServerConfig(serverInput.configText, serverInput.source, {
        resolve: serverInput.resolve,
        partnerDomain: input.domain,
        signal: input.signal,
        now,
      }).then(
        (report) => ({ report }),
        (err: unknown) => ({ error: err instanceof Error ? err.message : String(err) }),
      )
    : Promise.resolve(undefined);
  const pemPromise = input.domain
    ? checkPemHosting(input.domain, { ...input.pem, localKey: input.localKey, signal: input.signal, now })
    : Promise.resolve(undefined);

  // Vehicles and their keys.
  let fleetStatus: DoctorFacts['fleetStatus'];
  let telemetry: DoctorFacts['telemetry'];
  const base = userRegion?.baseUrl ?? (region ? input.fleetUrls[region] : undefined);
  if (claims && !expired && input.accessToken && base) {
    const api = FleetApi.create({
      baseUrl: base,
      accountId: claims.sub,
      tokens: staticTokenProvider(input.accessToken),
      dispatcher: input.dispatcher,
      regions: new RegionDirectory(Object.fromEntries(Object.entries(input.fleetUrls).filter(([, u]) => u)) as Record<string, string>),
      maxServerRetries: 0,
      logger: log,
    });
    try {
      let vins = input.vins;
      if (!vins) {
        billableCalls++;
        vins = (await api.vehicles.list({ perPage: 100, signal: input.signal })).vehicles.map((v) => v.vin).filter((v): v is string => typeof v === 'string');
      }
      if (vins.length === 0) fleetStatus = { paired: [], unpaired: [], protocolRequired: {} };
      else {
        billableCalls++;
        const res = await api.vehicles.fleetStatus(vins, { signal: input.signal });
        const info = res.response.vehicle_info ?? {};
        fleetStatus = {
          paired: res.response.key_paired_vins ?? [],
          unpaired: res.response.unpaired_vins ?? [],
          protocolRequired: Object.fromEntries(Object.entries(info).map(([vin, i]) => [vin, i.vehicle_command_protocol_required])),
        };
      }
    } catch (err) {
      fleetStatus = { paired: [], unpaired: [], protocolRequired: {}, error: message(err) };
    }
    try {
      if (input.telemetry && fleetStatus && !fleetStatus.error) {
        const all = [...fleetStatus.paired, ...fleetStatus.unpaired];
        const checked = all.slice(0, Math.max(0, input.maxTelemetryVehicles ?? 10));
        const vehicles: TelemetryVehicleSync[] = [];
        for (const vin of checked) {
          billableCalls++;
          try {
            const st = await telemetrySyncStatus(api.client, vin);
            vehicles.push({
              vin,
              state: telemetryState(st),
              limitReached: st.limitReached,
              ...(st.keyPaired !== undefined ? { keyPaired: st.keyPaired } : {}),
            });
          } catch (err) {
            vehicles.push({ vin, state: 'error', error: message(err) });
            if (input.signal?.aborted) break;
          }
        }
        // Why vehicles holding the config do not stream: partner endpoint when a partner token can be minted (not billed).
        const configured = vehicles.filter((v) => v.state === 'synced' || v.state === 'pending').map((v) => v.vin);
        let errorsUnavailable: string | undefined;
        try {
          const found = await readTelemetryErrors({
            baseUrl: api.client.baseUrl,
            vins: configured,
            vehicles: api.vehicles,
            partnerToken: mint,
            dispatcher: input.dispatcher,
            signal: input.signal,
          });
          billableCalls += found.billed;
          for (const [i, v] of vehicles.entries()) {
            const errors = found.byVin.get(v.vin);
            if (errors) vehicles[i] = { ...v, errors };
          }
        } catch (err) {
          errorsUnavailable = message(err);
        }
        telemetry = {
          reason: input.telemetry.reason,
          vehicles,
          omitted: all.length - checked.length,
          now: now().getTime(),
          ...(errorsUnavailable ? { errorsUnavailable } : {}),
        };
      }
    } finally {
      await api.close();
    }
  }

  const [partner, pem, telemetryServer] = await Promise.all([partnerPromise, pemPromise, serverPromise]);
  return analyseDoctor({
    now: now(),
    surface: input.surface,
    clientId: input.clientId,
    hasClientSecret: input.hasClientSecret ?? Boolean(input.clientSecret),
    token,
    wantedScopes: input.wantedScopes ?? DEFAULT_SCOPES,
    userRegion,
    configuredRegions,
    domain: input.domain,
    partner,
    partnerError,
    pem,
    localKey: input.localKey,
    commandKey: input.commandKey,
    pairingPage: input.pairingPage,
    fleetStatus,
    telemetry,
    telemetryServer,
    billableCalls,
  });
}
