import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { check, type Check } from '../types';
import type { FetchOutcome } from './fetch';

const DAY_MS = 86_400_000;
/** Certificates closer than this to expiry get a warning. */
export const EXPIRY_WARN_DAYS = 14;

const T = {
  handshake: 'Connection and TLS handshake',
  hostname: 'Certificate valid for the host',
  expiry: 'Certificate not expired',
  chain: 'Certificate chain complete and trusted',
};

const CHAIN_ERRORS_INCOMPLETE = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']);
const TIME_ERRORS = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERROR_IN_CERT_NOT_AFTER_FIELD', 'ERROR_IN_CERT_NOT_BEFORE_FIELD']);

function subjectName(cert: X509Certificate): string {
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1];
  return cn ?? cert.subject.replace(/\n/g, ', ');
}

function issuerName(cert: X509Certificate): string {
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.issuer)?.[1];
  return cn ?? cert.issuer.replace(/\n/g, ', ');
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function connectionFailure(outcome: FetchOutcome, host: string): Check {
  const e = outcome.error!;
  const port = 443;
  switch (e.kind) {
    case 'dns':
      return check.fail(
        'tls.handshake',
        T.handshake,
        `${host} does not resolve (${e.code ?? e.message}).`,
        `Create a DNS record (A/AAAA or CNAME) for ${host} pointing at your web host, then wait for it to propagate.`,
      );
    case 'refused':
      return check.fail(
        'tls.handshake',
        T.handshake,
        `Nothing accepts connections on ${host}:${port} (connection refused).`,
        `Serve HTTPS on port 443 for ${host}; Tesla fetches the key only from https://${host}/ on the default port.`,
      );
    case 'timeout':
      return e.phase === 'connect'
        ? check.fail(
            'tls.handshake',
            T.handshake,
            `No TCP connection to ${host}:${port}: ${e.message}.`,
            'Check the firewall / security group allows inbound 443 from the internet, and that the DNS record points at the right server.',
          )
        : check.fail(
            'tls.handshake',
            T.handshake,
            `The server accepted the connection but never completed the TLS handshake: ${e.message}.`,
            'Check the TLS terminator (load balancer, reverse proxy) on port 443 is running and has a certificate for this host.',
          );
    case 'tls':
      if (/WRONG_VERSION_NUMBER|wrong version number|http request/i.test(`${e.code ?? ''} ${e.message}`)) {
        return check.fail(
          'tls.handshake',
          T.handshake,
          `Port 443 on ${host} does not speak TLS (it answered plain HTTP?): ${e.message}.`,
          'Enable HTTPS on port 443 with a certificate for this host.',
        );
      }
      return check.fail(
        'tls.handshake',
        T.handshake,
        `The TLS handshake failed: ${e.code ? `${e.code}: ` : ''}${e.message}.`,
        'Make the server offer TLS 1.2 or 1.3 with a certificate for this host (check the TLS configuration of your web server or CDN).',
      );
    case 'reset':
      return check.fail(
        'tls.handshake',
        T.handshake,
        `The connection was reset before the TLS handshake finished: ${e.message}.`,
        'Check the web server or firewall is not dropping non-browser clients.',
      );
    case 'aborted':
      return check.skip('tls.handshake', T.handshake, 'The check was cancelled.');
    default:
      return check.fail(
        'tls.handshake',
        T.handshake,
        `Could not connect: ${e.code ? `${e.code}: ` : ''}${e.message}.`,
        `Make https://${host}/ reachable from the internet.`,
      );
  }
}

/**
 * TLS verdicts from what the handshake showed. Pure: `now` is passed in.
 * Tesla's downloader verifies like any strict HTTPS client: public CA, full chain, matching name, in date.
 */
export function analyseTls(outcome: FetchOutcome, host: string, now: Date): Check[] {
  const tls = outcome.tls;
  if (!tls) {
    const reason = outcome.error ? 'the connection did not get that far' : 'no TLS information';
    return [
      outcome.error
        ? connectionFailure(outcome, host)
        : check.fail('tls.handshake', T.handshake, 'No TLS session was established.', `Serve https://${host}/ over TLS.`),
      check.skip('tls.hostname', T.hostname, `Not checked: ${reason}.`),
      check.skip('tls.expiry', T.expiry, `Not checked: ${reason}.`),
      check.skip('tls.chain', T.chain, `Not checked: ${reason}.`),
    ];
  }
  const checks: Check[] = [check.pass('tls.handshake', T.handshake, `Connected with ${tls.protocol ?? 'TLS'}.`)];
  const certs: X509Certificate[] = [];
  for (const der of tls.chain) {
    try {
      certs.push(new X509Certificate(der));
    } catch {
      break;
    }
  }
  const leaf = certs[0];
  if (!leaf) {
    checks.push(
      check.fail('tls.hostname', T.hostname, 'The server presented no certificate that could be read.', `Install a certificate for ${host}.`),
      check.skip('tls.expiry', T.expiry, 'No certificate to check.'),
      check.skip('tls.chain', T.chain, 'No certificate to check.'),
    );
    return checks;
  }

  // Hostname.
  const names = leaf.subjectAltName ?? `CN=${subjectName(leaf)}`;
  const matches = isIP(host) ? leaf.checkIP(host) !== undefined : leaf.checkHost(host) !== undefined;
  checks.push(
    matches
      ? check.pass('tls.hostname', T.hostname, `The certificate covers ${host} (${names}).`)
      : check.fail(
          'tls.hostname',
          T.hostname,
          `The certificate does not cover ${host}; it is for ${names}.`,
          `Get a certificate whose Subject Alternative Names include ${host} (e.g. Let's Encrypt for ${host}), or point ${host} at the server that has one.`,
        ),
  );

  // Validity dates, for every certificate in the chain.
  const nowMs = now.getTime();
  const expired = certs.find((c) => Date.parse(c.validTo) < nowMs);
  const notYet = certs.find((c) => Date.parse(c.validFrom) > nowMs);
  const leafTo = Date.parse(leaf.validTo);
  if (expired) {
    const which = expired === leaf ? 'The certificate' : `The chain certificate "${subjectName(expired)}"`;
    checks.push(
      check.fail(
        'tls.expiry',
        T.expiry,
        `${which} expired on ${isoDay(Date.parse(expired.validTo))}.`,
        'Renew the certificate (and check automatic renewal, e.g. certbot renew / your CDN), then reload the web server.',
      ),
    );
  } else if (notYet) {
    checks.push(
      check.fail(
        'tls.expiry',
        T.expiry,
        `The certificate "${subjectName(notYet)}" is not valid before ${isoDay(Date.parse(notYet.validFrom))}.`,
        'Check the server clock and the certificate dates; install a currently valid certificate.',
      ),
    );
  } else {
    const days = Math.floor((leafTo - nowMs) / DAY_MS);
    checks.push(
      days < EXPIRY_WARN_DAYS
        ? check.warn(
            'tls.expiry',
            T.expiry,
            `The certificate expires in ${days} day(s), on ${isoDay(leafTo)}.`,
            'Renew it now; Tesla fetches the key again when you register and may re-check later (it must remain hosted).',
          )
        : check.pass('tls.expiry', T.expiry, `Valid until ${isoDay(leafTo)} (${days} days).`),
    );
  }

  // Chain.
  const code = tls.authorizationError;
  if (tls.authorized || !code) {
    checks.push(check.pass('tls.chain', T.chain, `Trusted chain: ${certs.map(subjectName).join(' → ')}.`));
  } else if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT') {
    checks.push(
      check.fail(
        'tls.chain',
        T.chain,
        `The certificate is self-signed ("${subjectName(leaf)}").`,
        "Use a certificate from a public CA (Let's Encrypt is free); Tesla does not trust self-signed certificates.",
      ),
    );
  } else if (code === 'SELF_SIGNED_CERT_IN_CHAIN') {
    checks.push(
      check.fail(
        'tls.chain',
        T.chain,
        `The chain ends in a root that is not publicly trusted ("${subjectName(certs[certs.length - 1])}").`,
        'Use a certificate issued by a public CA; a private or corporate CA is not trusted by Tesla.',
      ),
    );
  } else if (CHAIN_ERRORS_INCOMPLETE.has(code)) {
    checks.push(
      check.fail(
        'tls.chain',
        T.chain,
        `The chain is incomplete or its issuer is unknown: the server sends "${subjectName(certs[certs.length - 1])}" issued by "${issuerName(certs[certs.length - 1])}", which is not a trusted root, and does not send that issuer (${code}).`,
        'Serve the full chain (leaf + intermediates, e.g. fullchain.pem rather than cert.pem). Browsers may hide this by fetching missing intermediates; Tesla does not. If the issuer is a private CA, use a public one.',
      ),
    );
  } else if (TIME_ERRORS.has(code)) {
    // OpenSSL reports the date problem; judge the links ourselves.
    let linked = true;
    for (let i = 0; i + 1 < certs.length; i++) {
      if (!certs[i].checkIssued(certs[i + 1]) || !certs[i].verify(certs[i + 1].publicKey)) linked = false;
    }
    const top = certs[certs.length - 1];
    const topIsRoot = top.checkIssued(top);
    checks.push(
      linked && topIsRoot
        ? check.pass('tls.chain', T.chain, `The chain links up to "${subjectName(top)}" (its dates are judged above).`)
        : check.fail(
            'tls.chain',
            T.chain,
            `The chain does not link up to a root (${certs.map(subjectName).join(' → ')}).`,
            'Serve the full chain (leaf + intermediates).',
          ),
    );
  } else {
    checks.push(
      check.fail('tls.chain', T.chain, `Certificate verification failed: ${code}.`, 'Install a valid certificate from a public CA with its full chain.'),
    );
  }
  return checks;
}
