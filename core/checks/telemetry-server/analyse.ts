import { isIP } from 'node:net';
import type { X509Certificate } from 'node:crypto';
import { EXPIRY_WARN_DAYS } from '../pem/analyse-tls';
import { check, type Check, type CheckReport } from '../types';
import { readCaText, type CaText } from './ca-text';
import { buildPath, issuerLine, parseDerList, subjectName, type ChainPath } from './chain';
import type { ServerTarget } from './config';
import { describeName } from './der';
import type { AnonymousClientFacts, ProbeFacts } from './probe';
import { TESLA_PROD_VEHICLE_CA_SUBJECTS } from './tesla-vehicle-cas';
import { alertName } from './tls12';

/** Everything the server check found out: the config (target), where it connected, and the probes' facts. */
export interface TelemetryServerFacts {
  readonly target: ServerTarget;
  /** Where the probes connected when --resolve sent them elsewhere. */
  readonly connectedTo?: { readonly host: string; readonly port: number };
  /** The registered partner domain, when known. */
  readonly partnerDomain?: string;
  readonly probe: ProbeFacts;
  readonly now: Date;
}

const T = {
  ca: 'Config has a CA chain',
  partner: 'Hostname under the partner domain',
  port: 'Port answers',
  chain: "Server chain verifies against the config's ca",
  fullChain: 'ca holds the full chain (check_server_cert.sh)',
  hostname: 'Certificate covers the hostname',
  expiry: 'Certificates in date',
  requested: 'Asks for a client certificate',
  teslaCas: "Names Tesla's vehicle CAs",
  required: 'Refuses a client without a certificate',
};

const DAY_MS = 86_400_000;
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const quoted = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');

const FIX_REQUIRE_CERT =
  'Make the client certificate mandatory on the telemetry server itself: fleet-telemetry always does (ClientAuth RequireAndVerifyClientCert) and so does fleetkit bridge; in Node use requestCert: true with rejectUnauthorized: true; in nginx ssl_verify_client on (not optional). A load balancer or proxy in front must pass TCP through, not end TLS.';
const FIX_TESLA_CAS =
  "Trust Tesla's vehicle CA bundle for client certificates (fleet-telemetry's config/files/prod_ca.crt): fleet-telemetry and fleetkit bridge do by default; another server needs that file as its client-CA list (e.g. nginx ssl_client_certificate, Apache SSLCACertificateFile) and no other CA directory.";

function analyseCa(ca: CaText, raw: string | null): Check {
  if (ca.hasPrivateKey) {
    return {
      ...check.fail(
        'config.ca',
        T.ca,
        '"ca" contains a PRIVATE KEY block; the config is sent to Tesla and every vehicle.',
        'Remove the key from "ca" and replace it on the server (treat it as leaked); "ca" holds only certificates.',
      ),
      critical: true,
    };
  }
  if (raw === null) {
    return check.fail(
      'config.ca',
      T.ca,
      'The config has no "ca": a vehicle has nothing to verify your server with.',
      'Set "ca" to the PEM chain of the server\'s certificate (its intermediates and root; newlines escaped as \\n in JSON).',
    );
  }
  if (ca.unreadable.length) {
    const u = ca.unreadable[0];
    return check.fail(
      'config.ca',
      T.ca,
      `Certificate #${u.index} in "ca" cannot be read: ${u.error}.`,
      'Paste each certificate whole, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----, with its newlines escaped as \\n.',
    );
  }
  if (!ca.certs.length) {
    return check.fail(
      'config.ca',
      T.ca,
      '"ca" holds no PEM certificate.',
      'Set "ca" to the PEM chain of the server\'s certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----).',
    );
  }
  return check.pass('config.ca', T.ca, `${ca.certs.length} certificate(s): ${quoted(ca.certs.map(subjectName))}.`);
}

function normalDomain(d: string): string {
  return d
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .split(/[/:?#]/)[0]
    .replace(/\.$/, '');
}

function analysePartner(hostname: string, partnerDomain: string | undefined): Check {
  const id = 'hostname.partner';
  if (!partnerDomain) return check.skip(id, T.partner, 'No partner domain known (--partner-domain, or fleetkit.partner.domain in the editor).');
  const domain = normalDomain(partnerDomain);
  if (isIP(hostname)) {
    return check.fail(
      id,
      T.partner,
      `"hostname" is the IP address ${hostname}, not a name under ${domain}.`,
      `Use a DNS name under ${domain}, e.g. telemetry.${domain}, with a certificate for it.`,
    );
  }
  if (hostname === domain || hostname.endsWith(`.${domain}`)) return check.pass(id, T.partner, `${hostname} is under the partner domain ${domain}.`);
  const root = (h: string): string => h.split('.').slice(-2).join('.');
  if (root(hostname) === root(domain)) {
    return check.warn(
      id,
      T.partner,
      `${hostname} is not under the partner domain ${domain}, only in the same root domain ${root(domain)} (Tesla's 2024 docs ask for the root domain of the registered application to match).`,
      `To be safe, serve telemetry from a name under ${domain}, e.g. telemetry.${domain}, and set "hostname" to it.`,
    );
  }
  return check.fail(
    id,
    T.partner,
    `${hostname} is not under the registered partner domain ${domain}.`,
    `Serve telemetry from a name under ${domain}, e.g. telemetry.${domain} (DNS record and certificate), and set "hostname" to it.`,
  );
}

function analysePort(f: TelemetryServerFacts): Check {
  const { hostname, port } = f.target;
  const tcp = f.probe.tcp;
  const where = `${tcp.host}:${tcp.port}`;
  const via = f.connectedTo ? ` (${hostname}:${port} sent to ${where} by --resolve)` : '';
  const e = tcp.error;
  if (!e) {
    return check.pass(
      'server.port',
      T.port,
      `${where} accepts TCP connections${via}${f.target.portDefaulted ? '; the config has no "port", so 443 is assumed as Tesla\'s check_server_cert.sh does' : ''}.`,
    );
  }
  switch (e.kind) {
    case 'dns':
      return check.fail(
        'server.port',
        T.port,
        `${hostname} does not resolve (${e.code ?? e.message}).`,
        `Create a DNS record (A/AAAA or CNAME) for ${hostname} pointing at the telemetry server. To test before DNS exists, map it with --resolve ${hostname}=ADDRESS:PORT (fleetkit.checks.resolve in the editor).`,
      );
    case 'refused':
      return check.fail(
        'server.port',
        T.port,
        `Nothing listens on ${where}${via}: connection refused.`,
        `Start the telemetry server (fleet-telemetry, or fleetkit bridge) listening on port ${tcp.port} and open that port to the internet (firewall, security group, load balancer listener); if it listens elsewhere, set "port" in the config to that port.`,
      );
    case 'timeout':
      return check.fail(
        'server.port',
        T.port,
        `No TCP answer from ${where}${via}: ${e.message}.`,
        `Allow inbound TCP ${tcp.port} from the internet (firewall, security group) and check that the DNS record of ${hostname} points at the server.`,
      );
    case 'aborted':
      return check.skip('server.port', T.port, 'The check was cancelled.');
    default:
      return check.fail(
        'server.port',
        T.port,
        `Could not connect to ${where}${via}: ${e.code ? `${e.code}: ` : ''}${e.message}.`,
        `Make ${hostname}:${port} reachable from the internet.`,
      );
  }
}

/** What the server sent, exactly: the TLS 1.2 flight when it was read, else Node's view of the peer chain. */
function servedChain(p: ProbeFacts): { ders: readonly Buffer[]; source: 'tls12' | 'node' } {
  const flight = p.tls12?.flight;
  if (flight?.certificates.length) return { ders: flight.certificates, source: 'tls12' };
  return { ders: p.anonymous?.chain ?? [], source: 'node' };
}

function handshakeFailure(p: ProbeFacts, where: string): Check {
  const t = p.tls12?.error ?? (p.tls12?.flight?.alert ? `TLS alert ${alertName(p.tls12.flight.alert.description)}` : undefined);
  const n = p.anonymous?.errorCode
    ? `${p.anonymous.errorCode}${p.anonymous.errorMessage ? ` (${p.anonymous.errorMessage.split('\n')[0].slice(0, 160)})` : ''}`
    : p.anonymous?.errorMessage;
  const plain = /plain text/.test(t ?? '') || /WRONG_VERSION_NUMBER|wrong version number/i.test(n ?? '');
  if (plain) {
    return check.fail(
      'tls.chain',
      T.chain,
      `${where} does not speak TLS: ${t ?? n}.`,
      "Serve TLS on this port (the telemetry server itself terminates TLS with its certificate and the vehicles' client certificates).",
    );
  }
  return check.fail(
    'tls.chain',
    T.chain,
    `No TLS handshake with ${where}, so no certificate to check: ${[t, n].filter(Boolean).join('; ') || 'no answer'}.`,
    'Check that the telemetry server serves TLS 1.2 or 1.3 with its certificate on this port.',
  );
}

function chainCheck(path: ChainPath, ca: CaText, sent: readonly X509Certificate[], anonymous: AnonymousClientFacts | undefined): Check {
  const names = path.path.map(subjectName);
  const holds = `The config's ca holds ${quoted(ca.certs.map(subjectName))}`;
  if (path.anchoring === 'full') {
    const err = anonymous?.handshake ? anonymous.authorizationError : undefined;
    // OpenSSL judges what this path walk does not (key usage, path length, weak signatures); dates are judged below.
    if (err && !/CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|NOT_AFTER|NOT_BEFORE/.test(err)) {
      return check.fail(
        'tls.chain',
        T.chain,
        `The chain links up to "${names[names.length - 1]}" in ca, but OpenSSL refuses it: ${err}.`,
        'Reissue the server certificate with key usage digitalSignature/keyEncipherment, extended key usage serverAuth and a SHA-256 (or stronger) signature, from a CA that may issue it.',
      );
    }
    return check.pass('tls.chain', T.chain, `${names.join(' ← ')} (root from ca).`);
  }
  if (path.anchoring === 'partial') {
    const top = path.path[path.path.length - 1];
    return check.warn(
      'tls.chain',
      T.chain,
      `The chain ${names.join(' ← ')} reaches "${subjectName(top)}" from ca, but ca has no self-signed root above it (its issuer "${issuerLine(top)}"). Verifiers that need a root refuse it; Tesla's check_server_cert.sh says only "valid partial chain, and may work with the root chain".`,
      `Add the root certificate ("${issuerLine(top)}") at the end of "ca".`,
    );
  }
  if (path.untrustedRoot) {
    return check.fail(
      'tls.chain',
      T.chain,
      `The server's chain ${names.join(' ← ')} ends at the root "${subjectName(path.untrustedRoot)}", which is not in ca. ${holds}: it does not match this server.`,
      'Set "ca" to the chain of the certificate this server serves (its intermediates and root), or install on the server the certificate that "ca" was made for.',
    );
  }
  const last = path.path[path.path.length - 1];
  const twin = ca.certs.find((c) => c.subject === last.issuer);
  if (twin) {
    return check.fail(
      'tls.chain',
      T.chain,
      `"${subjectName(last)}" names "${subjectName(twin)}" as its issuer, and ca has a certificate of that name, but it did not sign this chain (another key: an old or different CA). ${holds}.`,
      'Set "ca" to the chain the server\'s current certificate was issued with (its intermediates and root).',
    );
  }
  if (sent.length === 1 && path.path.length === 1) {
    return check.fail(
      'tls.chain',
      T.chain,
      `The server sends only its leaf "${names[0]}"; its issuer "${path.missingIssuer}" is neither sent nor in ca. ${holds}.`,
      'Serve the full chain (leaf + intermediates, e.g. fullchain.pem rather than cert.pem) and put the intermediates and root in "ca".',
    );
  }
  return check.fail(
    'tls.chain',
    T.chain,
    `The chain ${names.join(' ← ')} stops there: its issuer "${path.missingIssuer}" is neither sent by the server nor in ca. ${holds}: it does not match this server.`,
    `Set "ca" to the chain this server's certificate was issued with: ${path.path.length > 1 ? `${quoted(names.slice(1))} and ` : ''}the root "${path.missingIssuer}".`,
  );
}

function fullChainCheck(leaf: X509Certificate, ca: CaText): Check {
  const alone = buildPath(leaf, [], ca.certs);
  const names = alone.path.map(subjectName);
  if (alone.anchoring === 'full') return check.pass('ca.full-chain', T.fullChain, `ca alone verifies the leaf up to its root: ${names.join(' ← ')}.`);
  if (alone.anchoring === 'partial') {
    const top = alone.path[alone.path.length - 1];
    return check.warn(
      'ca.full-chain',
      T.fullChain,
      `ca verifies the leaf only up to "${subjectName(top)}", not to a root: check_server_cert.sh reports "a valid partial chain, and may work with the root chain".`,
      `Add the root certificate ("${issuerLine(top)}") at the end of "ca".`,
    );
  }
  return check.fail(
    'ca.full-chain',
    T.fullChain,
    `ca alone does not verify the leaf: it lacks "${alone.missingIssuer ?? issuerLine(alone.path[alone.path.length - 1])}". Tesla's check_server_cert.sh verifies the leaf against ca only and says "The server certificate is invalid"; the vehicle is given only ca.`,
    'Put the full chain in "ca": the intermediate certificate(s) and the root, as Tesla\'s setup guide asks ("the full certificate chain used to generate the server\'s TLS certificate").',
  );
}

function hostnameCheck(leaf: X509Certificate, hostname: string): Check {
  const ip = isIP(hostname) !== 0;
  const san = leaf.subjectAltName ?? '';
  if (ip ? leaf.checkIP(hostname) !== undefined : leaf.checkHost(hostname, { subject: 'never' }) !== undefined) {
    return check.pass('tls.hostname', T.hostname, `The certificate covers ${hostname} (${san}).`);
  }
  if (!ip && leaf.checkHost(hostname, { subject: 'always' }) !== undefined) {
    return check.fail(
      'tls.hostname',
      T.hostname,
      `Only the certificate's subject CN names ${hostname}; it has no matching Subject Alternative Name, and TLS clients ignore the CN.`,
      `Reissue the certificate with ${hostname} as a DNS Subject Alternative Name.`,
    );
  }
  const firstDns = /DNS:([^,\s]+)/.exec(san)?.[1];
  return check.fail(
    'tls.hostname',
    T.hostname,
    `The certificate does not cover ${hostname}; it is for ${san || `CN=${subjectName(leaf)} (no SAN)`}.`,
    `Get a certificate whose Subject Alternative Names include ${hostname}${firstDns ? `, or set "hostname" in the config to a name it covers (e.g. ${firstDns})` : ''}.`,
  );
}

function expiryCheck(certs: readonly X509Certificate[], now: Date): Check {
  const nowMs = now.getTime();
  const leaf = certs[0];
  const expired = certs.find((c) => Date.parse(c.validTo) < nowMs);
  const notYet = certs.find((c) => Date.parse(c.validFrom) > nowMs);
  const which = (c: X509Certificate): string => (c === leaf ? `The server certificate "${subjectName(c)}"` : `The chain certificate "${subjectName(c)}"`);
  if (expired) {
    return check.fail(
      'tls.expiry',
      T.expiry,
      `${which(expired)} expired on ${isoDay(Date.parse(expired.validTo))}.`,
      'Renew it (and check automatic renewal), install it on the telemetry server, restart it, and update "ca" if the chain changed.',
    );
  }
  if (notYet) {
    return check.fail(
      'tls.expiry',
      T.expiry,
      `${which(notYet)} is not valid before ${isoDay(Date.parse(notYet.validFrom))}.`,
      'Check the clock of the machine that issued it and install a currently valid certificate.',
    );
  }
  const leafTo = Date.parse(leaf.validTo);
  const days = Math.floor((leafTo - nowMs) / DAY_MS);
  if (days < EXPIRY_WARN_DAYS) {
    return check.warn(
      'tls.expiry',
      T.expiry,
      `The server certificate expires in ${days} day(s), on ${isoDay(leafTo)}.`,
      'Renew it now; vehicles stop streaming the moment it expires.',
    );
  }
  return check.pass(
    'tls.expiry',
    T.expiry,
    `The server certificate is valid until ${isoDay(leafTo)} (${days} days)${certs.length > 1 ? '; the chain is in date' : ''}.`,
  );
}

const certRequiredAlert = (a: AnonymousClientFacts | undefined): boolean => /CERTIFICATE_REQUIRED/.test(a?.errorCode ?? '');

function refusalText(a: AnonymousClientFacts): string {
  const m = /ALERT_([A-Z_]+)$/.exec(a.errorCode ?? '');
  if (m) return `TLS alert ${m[1].toLowerCase()}`;
  return a.errorCode ? `${a.errorCode}` : (a.errorMessage ?? 'the connection was closed');
}

function requestedCheck(p: ProbeFacts): Check {
  const flight = p.tls12?.flight;
  if (flight?.complete) {
    const req = flight.certificateRequest;
    if (req) {
      return check.pass('mtls.requested', T.requested, `The server asks for a client certificate (CertificateRequest naming ${req.authorities.length} CA(s)).`);
    }
    return check.fail(
      'mtls.requested',
      T.requested,
      'The server does not ask for a client certificate: vehicles connect without one, and the server cannot tell which vehicle streams (fleet-telemetry takes the VIN from the client certificate).',
      FIX_REQUIRE_CERT,
    );
  }
  if (certRequiredAlert(p.anonymous)) {
    return check.pass(
      'mtls.requested',
      T.requested,
      'The server asks for a client certificate (it speaks only TLS 1.3 and answered a client without one with certificate_required).',
    );
  }
  const why = flight?.alert ? `it answered a TLS 1.2 hello with alert ${alertName(flight.alert.description)}` : (p.tls12?.error ?? 'no TLS 1.2 hello was read');
  return check.warn(
    'mtls.requested',
    T.requested,
    `Could not see whether the server asks for a client certificate: ${why}.`,
    "Let the telemetry server accept TLS 1.2 (Tesla's fleet-telemetry does: Go's default minimum), so its CertificateRequest can be checked; then run the check again.",
  );
}

function teslaCasCheck(p: ProbeFacts): Check {
  const id = 'mtls.tesla-cas';
  const req = p.tls12?.flight?.certificateRequest;
  if (!req) {
    const tls13 = certRequiredAlert(p.anonymous) && !p.tls12?.flight?.complete;
    if (tls13) {
      return check.warn(
        id,
        T.teslaCas,
        'Could not read the CA names: the server speaks only TLS 1.3, where they travel encrypted.',
        "Let the server accept TLS 1.2 too (fleet-telemetry does: Go's default minimum) so its CA names can be checked, or make sure its client-CA list is Tesla's prod bundle (fleet-telemetry's config/files/prod_ca.crt).",
      );
    }
    return check.skip(id, T.teslaCas, 'The server sent no CertificateRequest.');
  }
  if (!req.authorities.length) {
    return check.fail(
      id,
      T.teslaCas,
      "The server asks for a client certificate but names no CA, so it does not say it accepts Tesla's vehicle certificates.",
      FIX_TESLA_CAS,
    );
  }
  const named = new Set(req.authorities.map((a) => a.toString('base64')));
  const tesla = TESLA_PROD_VEHICLE_CA_SUBJECTS;
  const missing = tesla.filter((t) => !named.has(t.der));
  const teslaDer = new Set(tesla.map((t) => t.der));
  const others = req.authorities.filter((a) => !teslaDer.has(a.toString('base64'))).map(describeName);
  const othersText = others.length ? ` and ${others.length} other(s): ${quoted(others.slice(0, 5))}${others.length > 5 ? ', …' : ''}` : '';
  if (!missing.length) return check.pass(id, T.teslaCas, `Names all ${tesla.length} of Tesla's production vehicle CAs${othersText}.`);
  if (missing.length === tesla.length) {
    return check.fail(
      id,
      T.teslaCas,
      `Names none of Tesla's vehicle CAs; it names only ${quoted(others.slice(0, 5))}${others.length > 5 ? ', …' : ''}. A vehicle may withhold its certificate when its CA is not named (fleet-telemetry issue #395), and a server that trusts only these CAs refuses it.`,
      FIX_TESLA_CAS,
    );
  }
  const cn = (n: string): string => /^CN=([^,]+)/.exec(n)?.[1] ?? n;
  const engOnly = tesla.every((t) => named.has(t.der) === t.eng);
  return check.fail(
    id,
    T.teslaCas,
    `Misses ${missing.length} of Tesla's ${tesla.length} production vehicle CAs: ${quoted(missing.map((m) => cn(m.name)))}${engOnly ? ' (it names only the eng bundle: fleet-telemetry with use_default_eng_ca)' : ''}. Vehicles whose certificates come from those CAs cannot stream.`,
    engOnly ? 'Remove "use_default_eng_ca" from the server config (production vehicles use the prod bundle).' : FIX_TESLA_CAS,
  );
}

function requiredCheck(p: ProbeFacts): Check {
  const id = 'mtls.required';
  const a = p.anonymous;
  if (!a) return check.skip(id, T.required, 'Not checked.');
  if (a.errorCode === 'ABORT_ERR') return check.skip(id, T.required, 'The check was cancelled.');
  const asked = Boolean(p.tls12?.flight?.certificateRequest) || certRequiredAlert(a);
  if (a.outcome === 'refused') {
    if (asked) return check.pass(id, T.required, `A client without a certificate is refused (${refusalText(a)}).`);
    return check.skip(id, T.required, `The connection failed before client certificates came into play (${refusalText(a)}).`);
  }
  if (a.outcome === 'answered' && (a.status ?? 0) >= 400) {
    return check.warn(
      id,
      T.required,
      `A client without a certificate completes the TLS handshake (${a.protocol ?? 'TLS'}) and is refused only in HTTP ("${a.statusLine}"). Tesla's server refuses it in the handshake.`,
      FIX_REQUIRE_CERT,
    );
  }
  const what =
    a.outcome === 'answered'
      ? `and its WebSocket upgrade request was answered "${a.statusLine}"`
      : `and the server kept the connection open for ${((a.watchedMs ?? 0) / 1000).toFixed(1)} s without refusing it`;
  return check.fail(id, T.required, `A client without a certificate got in: the TLS handshake (${a.protocol ?? 'TLS'}) completed ${what}.`, FIX_REQUIRE_CERT);
}

/** The verdicts of the telemetry server check, in the order a vehicle meets them. Pure. */
export function analyseTelemetryServer(f: TelemetryServerFacts): CheckReport {
  const { hostname, port } = f.target;
  const ca = readCaText(f.target.ca);
  const checks: Check[] = [analyseCa(ca, f.target.ca), analysePartner(hostname, f.partnerDomain), analysePort(f)];
  const skipAll = (why: string): void => {
    checks.push(
      check.skip('tls.chain', T.chain, why),
      check.skip('ca.full-chain', T.fullChain, why),
      check.skip('tls.hostname', T.hostname, why),
      check.skip('tls.expiry', T.expiry, why),
      check.skip('mtls.requested', T.requested, why),
      check.skip('mtls.tesla-cas', T.teslaCas, why),
      check.skip('mtls.required', T.required, why),
    );
  };
  const facts: Record<string, string> = { hostname: `${hostname}:${port}` };
  if (f.connectedTo) facts.connectedTo = `${f.connectedTo.host}:${f.connectedTo.port}`;
  const report = (): CheckReport => ({ kind: 'telemetry-server', target: `${hostname}:${port}`, checkedAt: f.now.toISOString(), checks, facts });

  if (f.probe.tcp.error) {
    skipAll('Not checked: the port does not answer.');
    return report();
  }
  const served = servedChain(f.probe);
  const { certs: sent } = parseDerList(served.ders);
  const leaf = sent[0];
  const where = `${f.probe.tcp.host}:${f.probe.tcp.port}`;
  if (!leaf) {
    checks.push(handshakeFailure(f.probe, where));
    for (const [id, title] of [
      ['ca.full-chain', T.fullChain],
      ['tls.hostname', T.hostname],
      ['tls.expiry', T.expiry],
    ] as const) {
      checks.push(check.skip(id, title, 'No server certificate to check.'));
    }
  } else {
    const path = ca.certs.length ? buildPath(leaf, sent.slice(1), ca.certs) : undefined;
    const chain = path
      ? chainCheck(path, ca, sent, f.probe.anonymous)
      : check.skip('tls.chain', T.chain, 'No usable "ca" in the config to verify against (see above).');
    checks.push(chain);
    checks.push(
      chain.status === 'pass' || chain.status === 'warn'
        ? fullChainCheck(leaf, ca)
        : check.skip('ca.full-chain', T.fullChain, 'Not judged: the server chain does not verify against ca (above).'),
    );
    checks.push(hostnameCheck(leaf, hostname));
    checks.push(expiryCheck(path?.path ?? sent, f.now));
    facts.servedChain = `${sent.map(subjectName).join(' ← ')}${served.source === 'node' ? ' (as Node reports it)' : ''}`;
  }
  checks.push(requestedCheck(f.probe), teslaCasCheck(f.probe), requiredCheck(f.probe));
  if (f.probe.anonymous?.protocol) facts.protocol = f.probe.anonymous.protocol;
  const req = f.probe.tls12?.flight?.certificateRequest;
  if (req) facts.clientCaNames = String(req.authorities.length);
  return report();
}
