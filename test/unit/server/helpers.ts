import { TextDocument } from 'vscode-languageserver-textdocument';
import { createCa, issueIntermediateCa, issueServerCert, type CertificateAuthority } from '../../../core/certs/index';
import { createTelemetryConfigService } from '../../../server/service/language-service';
import type { FtDiagnostic, ServiceOptions } from '../../../server/service/types';

/** The clock every rule test uses (whole seconds; the CA fixtures are issued at the real time). */
export const NOW_MS = Math.floor(Date.now() / 1000) * 1000;
export const NOW_S = NOW_MS / 1000;

export function doc(text: string, uri = 'file:///test/config.telemetry.json'): TextDocument {
  return TextDocument.create(uri, 'fleet-telemetry-config', 1, text);
}

export function diagnose(text: string, options: ServiceOptions = {}): FtDiagnostic[] {
  return createTelemetryConfigService({ now: () => NOW_MS, ...options }).validate(doc(text));
}

export function codesOf(text: string, options: ServiceOptions = {}): string[] {
  return diagnose(text, options).map((d) => d.code);
}

export function only(text: string, code: string, options: ServiceOptions = {}): FtDiagnostic[] {
  return diagnose(text, options).filter((d) => d.code === code);
}

/** The text covered by a diagnostic's range. */
export function covered(text: string, d: FtDiagnostic): string {
  const document = doc(text);
  return text.slice(document.offsetAt(d.range.start), document.offsetAt(d.range.end));
}

interface Chain {
  root: CertificateAuthority;
  intermediate: CertificateAuthority;
  leafPem: string;
  /** Leaf, then intermediate: what a server's `ca` should hold (plus the root optionally). */
  chainPem: string;
}

let cached: Chain | undefined;

/** A real certificate chain for telemetry.example.com, created once per test run. */
export function chain(): Chain {
  if (cached) return cached;
  const root = createCa({ commonName: 'Fleetkit Test Root' });
  const intermediate = issueIntermediateCa(root, { commonName: 'Fleetkit Test Intermediate' });
  const leaf = issueServerCert(intermediate, { hostnames: ['telemetry.example.com'], notBefore: new Date(NOW_MS - 86_400_000), validityDays: 90 });
  cached = { root, intermediate, leafPem: leaf.certPem, chainPem: leaf.certPem + intermediate.certPem };
  return cached;
}

export interface ConfigParts {
  hostname?: unknown;
  port?: unknown;
  ca?: unknown;
  fields?: unknown;
  extra?: Record<string, unknown>;
  omit?: string[];
}

/** A valid bare config (only the cost hint applies), with overrides. */
export function config(parts: ConfigParts = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    hostname: 'hostname' in parts ? parts.hostname : 'telemetry.example.com',
    port: 'port' in parts ? parts.port : 443,
    ca: 'ca' in parts ? parts.ca : chain().chainPem,
    fields: 'fields' in parts ? parts.fields : { VehicleSpeed: { interval_seconds: 10 }, Soc: { interval_seconds: 60, minimum_delta: 0.5 } },
    alert_types: ['service'],
    exp: NOW_S + 30 * 86_400,
    prefer_typed: true,
    delivery_policy: 'latest',
    ...(parts.extra ?? {}),
  };
  for (const key of parts.omit ?? []) delete base[key];
  return base;
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** VINs with a correct check digit. */
export const VIN_A = '5YJ3E1EA8KF000001';
export const VIN_B = '5YJ3E1EAXKF000002';
