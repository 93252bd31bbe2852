import type { Dispatcher } from 'undici';
import * as vscode from 'vscode';
import { describeError } from '../../core/errors/describe-error';
import { FleetApiClient } from '../../core/fleet-api/client';
import { PartnerEndpoints } from '../../core/fleet-api/partner';
import { telemetryErrorsByVin, type TelemetryError } from '../../core/fleet-api/telemetry-errors';
import { staticTokenProvider } from '../../core/fleet-api/token-provider';
import type { Logger } from '../../core/log/logger';
import type { Region } from '../../core/oauth/region';
import type { FleetkitAuth } from '../auth/api';

/** Fresh enough: opening the view again within this long does not ask Tesla again (Refresh does). */
const STALE_MS = 60_000;

/**
 * The errors vehicles report about the app's telemetry config, for the Telemetry view: GET
 * partner_accounts/fleet_telemetry_errors with a partner token, in the region of each signed-in account whose
 * environment is up (never starts the simulator). Asked when the view is shown (at most once a minute) and on Refresh.
 */
export class TelemetryErrorsSource implements vscode.Disposable {
  private byVin = new Map<string, TelemetryError[]>();
  private readAt = 0;
  private running: Promise<void> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Why the errors could not be read, when they could not (shown as a row). */
  problem: string | undefined;

  constructor(
    private readonly auth: FleetkitAuth,
    private readonly log: Logger,
  ) {}

  /** VINs with errors, the one with the newest error first. */
  vins(): string[] {
    return [...this.byVin.keys()];
  }

  of(vin: string): readonly TelemetryError[] {
    return this.byVin.get(vin) ?? [];
  }

  /** Reads again unless it did within the last minute (`force`: always). Concurrent calls share one read. */
  refresh(force = false): Promise<void> {
    if (!force && Date.now() - this.readAt < STALE_MS) return Promise.resolve();
    return (this.running ??= this.read().finally(() => (this.running = undefined)));
  }

  private async read(): Promise<void> {
    const { auth } = this;
    const targets = new Map<string, { region: Region; baseUrl: string; dispatcher: Dispatcher | undefined }>();
    for (const s of await auth.sessions()) {
      const env = auth.environmentOf(s);
      const baseUrl = env?.endpoints.fleetUrls[s.region];
      if (env && baseUrl) targets.set(baseUrl, { region: s.region, baseUrl, dispatcher: env.dispatcher });
    }
    const found: TelemetryError[] = [];
    let problem: string | undefined;
    for (const t of targets.values()) {
      let client: FleetApiClient | undefined;
      try {
        client = new FleetApiClient({
          baseUrl: t.baseUrl,
          accountId: 'partner',
          tokens: staticTokenProvider(await auth.partnerToken(t.region)),
          dispatcher: t.dispatcher,
          maxServerRetries: 0,
        });
        found.push(...(await new PartnerEndpoints(client).fleetTelemetryErrors()).errors);
      } catch (err) {
        problem = `Telemetry errors could not be read (${t.region.toUpperCase()}): ${describeError(err).message}`;
        this.log.warn(problem);
      } finally {
        await client?.close();
      }
    }
    this.byVin = telemetryErrorsByVin(found);
    this.problem = problem;
    this.readAt = Date.now();
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
