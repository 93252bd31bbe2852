import { createCa, issueServerCert, type CertAndKey, type CertificateAuthority } from '../core/certs';
import { createLogger, type Logger, type LogSink } from '../core/log/logger';
import type { SimulatorReady } from '../core/messages/simulator-ready';
import { TokenService } from './auth/token-service';
import { PartnerRegistry } from './partner/registry';
import { Router, type HostInfo } from './http/router';
import { RateLimiter } from './ratelimit/limiter';
import { closeServer, createDispatcher, openListeners, rateLimited } from './server';
import type { Surface, SurfaceApi } from './surface';
import { SURFACES } from './surfaces';
import { UsageMeter } from './usage/meter';
import { defaultWorld } from './world/default-world';
import type { WorldConfig } from './world/types';
import { SimWorld } from './world/world';

export interface SimulatorOptions {
  /** The world; default: the embedded default world. */
  world?: WorldConfig;
  /** First port (auth), then +1 (fleet NA), +2 (fleet EU) and +3 (browser pages). 0 (default) = any free ports. */
  port?: number;
  /** Bind address; default 127.0.0.1. The simulator is a loopback service. */
  host?: string;
  /**
   * HTTPS with this CA (the server certificate is issued from it at start), or `false` for plain HTTP.
   * Default: a fresh in-memory CA (its PEM is in `RunningSimulator.caPem`). `server`: a certificate issued by `ca`
   * for `simulatorHostnames()` to use instead of issuing one (the CLI keeps one next to its CA).
   */
  tls?: { ca: CertificateAuthority; caPath?: string | null; server?: CertAndKey } | false;
  /** Skip the consent page (tests). */
  autoConsent?: boolean;
  /** Overrides world.settings.tokenTtlSeconds. */
  tokenTtlSeconds?: number;
  logger?: Logger;
  /** Default: SURFACES. */
  surfaces?: Surface[];
}

export interface SimulatorUrls {
  auth: string;
  fleet: { na: string; eu: string };
  /**
   * Plain-HTTP loopback base URL of the pages a browser opens: authorize + consent, the bounce page
   * (`/fleetkit/callback`) and the pairing page (`/_ak/<domain>`). Never the token endpoint or the Fleet API.
   */
  browser: string;
}

/** The JSON ready line (core/messages/simulator-ready.ts): this simulator always has both regions and the browser listener. */
export interface SimulatorReadyInfo extends SimulatorReady {
  readonly fleet: { readonly na: string; readonly eu: string };
  readonly browser: string;
}

export interface RunningSimulator {
  urls: SimulatorUrls;
  ready: SimulatorReadyInfo;
  /** PEM of the CA that issued the HTTPS certificate; null with plain HTTP. */
  caPem: string | null;
  world: SimWorld;
  tokens: TokenService;
  meter: UsageMeter;
  close(): Promise<void>;
}

/** Names the simulator's server certificate must cover when bound to `host`. */
export function simulatorHostnames(host = '127.0.0.1'): string[] {
  const base = ['localhost', '127.0.0.1', '::1'];
  return base.includes(host) ? base : [...base, host];
}

function silentLogger(): Logger {
  const sink: LogSink = { write: () => undefined };
  return createLogger({ sink });
}

/** Starts the simulator in-process: one auth host and one fleet host per region, each on its own port. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const log = options.logger ?? silentLogger();
  const config = structuredClone(options.world ?? defaultWorld());
  if (options.tokenTtlSeconds !== undefined) {
    if (!(options.tokenTtlSeconds >= 1)) throw new Error('tokenTtlSeconds must be ≥ 1');
    config.settings.tokenTtlSeconds = options.tokenTtlSeconds;
  }
  const host = options.host ?? '127.0.0.1';
  let tls: { certPem: string; keyPem: string } | null = null;
  let caPem: string | null = null;
  let caPath: string | null = null;
  if (options.tls !== false) {
    const ca = options.tls?.ca ?? createCa({ commonName: 'Fleetkit Simulator CA (ephemeral)' });
    tls = options.tls?.server ?? issueServerCert(ca, { hostnames: simulatorHostnames(host), validityDays: 30 });
    caPem = ca.certPem;
    caPath = options.tls?.caPath ?? null;
  }
  const firstPort = options.port ?? 0;
  const listeners = await openListeners([{ kind: 'auth' }, { kind: 'fleet', region: 'NA' }, { kind: 'fleet', region: 'EU' }], host, firstPort, tls);
  // Browser pages never use TLS: a loopback http:// origin is one browsers trust without a certificate.
  const browserL = (
    await openListeners([{ kind: 'browser' }], host, firstPort === 0 ? 0 : firstPort + 3, null).catch(async (err: unknown) => {
      await Promise.all(listeners.map((l) => closeServer(l.server)));
      throw err;
    })
  )[0];
  listeners.push(browserL);
  const [authL, naL, euL] = listeners;
  const closers: Array<() => void | Promise<void>> = [];
  try {
    const world = new SimWorld(config, { auth: authL.url, fleet: { NA: naL.url, EU: euL.url }, browser: browserL.url });
    const now = (): number => world.clock.now();
    const router = new Router();
    const api: SurfaceApi = {
      router,
      world,
      tokens: new TokenService(world),
      meter: new UsageMeter(now),
      limiter: new RateLimiter(now),
      partners: new PartnerRegistry(),
      options: { autoConsent: options.autoConsent ?? false },
      log,
      limitVehicle(_ctx, vehicle, category) {
        const rule = world.config.rateLimits.perVehicle[category];
        if (!rule) return;
        const d = api.limiter.take(`vehicle:${vehicle.vin}:${category}`, rule);
        if (!d.ok) {
          throw rateLimited(d.limit, d.resetSeconds, `vehicle limit of ${d.limit} ${category} calls per ${rule.windowSeconds} s reached for ${vehicle.vin}`);
        }
      },
      onClose: (fn) => closers.push(fn),
    };
    for (const surface of options.surfaces ?? SURFACES) await surface.register(api);
    const dispatch = createDispatcher(api, log);
    for (const l of listeners) {
      const info: HostInfo = { kind: l.spec.kind, ...(l.spec.region ? { region: l.spec.region } : {}), baseUrl: l.url };
      l.server.on('request', (req, res) => dispatch(info, req, res));
    }
    const urls: SimulatorUrls = { auth: authL.url, fleet: { na: naL.url, eu: euL.url }, browser: browserL.url };
    let closed: Promise<void> | undefined;
    return {
      urls,
      ready: { ...urls, clientId: world.app.clientId, clientSecret: world.app.clientSecret, redirectUris: world.app.redirectUris, ca: caPath },
      caPem,
      world,
      tokens: api.tokens,
      meter: api.meter,
      close: () =>
        (closed ??= (async () => {
          for (const fn of closers.reverse()) await fn();
          await Promise.all(listeners.map((l) => closeServer(l.server)));
        })()),
    };
  } catch (err) {
    await Promise.all(listeners.map((l) => closeServer(l.server)));
    throw err;
  }
}

export { defaultWorld } from './world/default-world';
export { loadWorldFile } from './world/load';
export { validateWorld, WorldValidationError } from './world/validate';
export type { WorldConfig } from './world/types';
export type { Surface, SurfaceApi } from './surface';
