import { check, type Check, type CheckReport } from '../types';
import { splitUri, effectivePort, isLoopbackHost, type UriParts } from './uri-parts';

/** Whether the loopback port of the redirect URI can be listened on (measured by port-probe.ts). */
export interface PortProbe {
  readonly host: string;
  readonly port: number;
  readonly free: boolean;
  /** Why it is not free (EADDRINUSE, EACCES…). */
  readonly reason?: string;
}

export interface RedirectInput {
  /** The redirect URI Fleetkit will send in the authorize and token requests. */
  readonly uri: string;
  /** The app's Allowed Redirect URI(s) as configured on developer.tesla.com (from settings or --allowed). */
  readonly allowed: readonly string[];
  readonly portProbe?: PortProbe;
  /** What `vscode.env.asExternalUri` gives for Fleetkit's callback in this VS Code build, when known. */
  readonly externalUri?: string;
  readonly now: Date;
}

const T = {
  syntax: 'Absolute URI without fragment',
  scheme: 'Scheme allowed',
  loopback: 'Loopback host',
  port: 'Loopback port free',
  query: 'No query string',
  match: 'Exactly in the allowed list',
  entries: 'Allowed list entries well-formed',
};

/** One difference between the sent URI and an allowed entry, in words. */
export function differences(sent: UriParts, allowed: UriParts): string[] {
  const d: string[] = [];
  const lc = (s: string | undefined): string | undefined => s?.toLowerCase();
  if (sent.scheme !== allowed.scheme) {
    d.push(
      lc(sent.scheme) === lc(allowed.scheme)
        ? `scheme case: ${sent.scheme} vs ${allowed.scheme}`
        : `scheme: ${sent.scheme ?? '(none)'} vs ${allowed.scheme ?? '(none)'}`,
    );
  }
  if (sent.userinfo !== allowed.userinfo) d.push(`user info: ${sent.userinfo ?? '(none)'} vs ${allowed.userinfo ?? '(none)'}`);
  if (sent.host !== allowed.host) {
    if (lc(sent.host) === lc(allowed.host)) d.push(`host case: ${sent.host} vs ${allowed.host} (compared as exact strings)`);
    else if (isLoopbackHost(sent.host) && isLoopbackHost(allowed.host)) {
      d.push(`loopback host: ${sent.host} vs ${allowed.host} (the same machine, but different strings)`);
    } else d.push(`host: ${sent.host ?? '(none)'} vs ${allowed.host ?? '(none)'}`);
  }
  if (sent.port !== allowed.port) {
    if (effectivePort(sent) === effectivePort(allowed) && lc(sent.scheme) === lc(allowed.scheme)) {
      d.push(
        `port: ${sent.port ? `explicit :${sent.port}` : 'no port'} vs ${allowed.port ? `explicit :${allowed.port}` : 'no port'} (same port, different strings)`,
      );
    } else d.push(`port: ${sent.port || '(default)'} vs ${allowed.port || '(default)'}`);
  }
  if (sent.path !== allowed.path) {
    const strip = (p: string): string => p.replace(/\/+$/, '');
    if (strip(sent.path) === strip(allowed.path)) d.push(`trailing slash: path ${JSON.stringify(sent.path)} vs ${JSON.stringify(allowed.path)}`);
    else if (sent.path.toLowerCase() === allowed.path.toLowerCase()) d.push(`path case: ${sent.path} vs ${allowed.path}`);
    else d.push(`path: ${sent.path || '(empty)'} vs ${allowed.path || '(empty)'}`);
  }
  if (sent.query !== allowed.query) {
    d.push(`query: ${sent.query === undefined ? '(none)' : `?${sent.query}`} vs ${allowed.query === undefined ? '(none)' : `?${allowed.query}`}`);
  }
  if (sent.fragment !== allowed.fragment) {
    d.push(
      `fragment: ${sent.fragment === undefined ? '(none)' : `#${sent.fragment}`} vs ${allowed.fragment === undefined ? '(none)' : `#${allowed.fragment}`}`,
    );
  }
  return d;
}

function entryProblems(entry: string): string[] {
  const p: string[] = [];
  if (entry !== entry.trim()) p.push('surrounding whitespace');
  const u = splitUri(entry.trim());
  if (!u.scheme || u.host === undefined || u.host === '') p.push('not an absolute URI with a host');
  if (u.fragment !== undefined) p.push('a #fragment (not allowed by RFC 6749)');
  if (u.scheme?.toLowerCase() === 'http' && !isLoopbackHost(u.host)) p.push('plain http on a non-loopback host');
  return p;
}

/** Redirect URI verdicts. Pure: the port probe was measured by the caller. */
export function analyseRedirect(input: RedirectInput): CheckReport {
  const sent = splitUri(input.uri);
  const checks: Check[] = [];
  const scheme = sent.scheme?.toLowerCase();
  const loopback = isLoopbackHost(sent.host);

  // Syntax.
  if (!sent.scheme || sent.host === undefined || sent.host === '') {
    checks.push(
      check.fail(
        'redirect.syntax',
        T.syntax,
        `${JSON.stringify(input.uri)} is not an absolute URI with a host.`,
        'Use a full URI such as http://127.0.0.1:8085/callback or https://your.domain/callback.',
      ),
    );
  } else if (sent.fragment !== undefined) {
    checks.push(check.fail('redirect.syntax', T.syntax, `The URI has a fragment (#${sent.fragment}); RFC 6749 §3.1.2 forbids it.`, 'Remove the #… part.'));
  } else if (input.uri !== input.uri.trim()) {
    checks.push(check.fail('redirect.syntax', T.syntax, 'The URI has surrounding whitespace.', 'Remove the spaces.'));
  } else {
    checks.push(check.pass('redirect.syntax', T.syntax, input.uri));
  }

  // Scheme.
  if (scheme === 'https') checks.push(check.pass('redirect.scheme', T.scheme, 'https.'));
  else if (scheme === 'http' && loopback) checks.push(check.pass('redirect.scheme', T.scheme, 'http on a loopback host (accepted for local apps).'));
  else if (scheme === 'http') {
    checks.push(
      check.fail(
        'redirect.scheme',
        T.scheme,
        `Plain http on ${sent.host ?? '?'}: the authorization code would cross the network unencrypted.`,
        'Use https for a public host, or a loopback URI (http://127.0.0.1:<port>/callback) for a local callback.',
      ),
    );
  } else if (scheme) {
    checks.push(
      check.warn(
        'redirect.scheme',
        T.scheme,
        `Custom scheme ${sent.scheme}: Tesla does not document support for it.`,
        'Prefer a loopback URI (http://127.0.0.1:<port>/callback), or an https page that forwards to the custom scheme.',
      ),
    );
  } else checks.push(check.skip('redirect.scheme', T.scheme, 'No scheme.'));

  // Loopback host and port.
  if (!loopback) {
    checks.push(check.skip('redirect.loopback-host', T.loopback, 'Not a loopback URI.'), check.skip('redirect.port-free', T.port, 'Not a loopback URI.'));
  } else {
    const host = sent.host!.toLowerCase();
    if (host === 'localhost') {
      checks.push(
        check.warn(
          'redirect.loopback-host',
          T.loopback,
          'localhost: browsers may resolve it to ::1 while the callback listener is on 127.0.0.1, and Tesla treats localhost and 127.0.0.1 as different URIs.',
          'Prefer http://127.0.0.1:<port>/… and register exactly the same string; if you keep localhost, register localhost.',
        ),
      );
    } else if (host === '[::1]') {
      checks.push(
        check.warn(
          'redirect.loopback-host',
          T.loopback,
          '[::1] (IPv6 loopback).',
          'Prefer 127.0.0.1, which every stack supports; register exactly the string you send.',
        ),
      );
    } else {
      checks.push(check.pass('redirect.loopback-host', T.loopback, `${sent.host} (IPv4 loopback literal).`));
    }
    const probe = input.portProbe;
    if (!sent.port) {
      checks.push(
        check.warn(
          'redirect.port-free',
          T.port,
          `No port: the callback would need port ${effectivePort(sent) ?? '?'}, which needs administrator rights and is often taken.`,
          'Add a fixed high port, e.g. http://127.0.0.1:8085/callback, and register that.',
        ),
      );
    } else if (!probe) {
      checks.push(check.skip('redirect.port-free', T.port, 'Not probed.'));
    } else if (probe.free) {
      checks.push(check.pass('redirect.port-free', T.port, `Port ${probe.port} on ${probe.host} is free for the callback listener.`));
    } else {
      checks.push(
        check.fail(
          'redirect.port-free',
          T.port,
          `Port ${probe.port} on ${probe.host} cannot be listened on (${probe.reason ?? 'in use'}).`,
          `Stop the program using port ${probe.port} (e.g. \`lsof -i :${probe.port}\`), or choose another port and register the new URI.`,
        ),
      );
    }
  }

  // Query.
  checks.push(
    sent.query === undefined
      ? check.pass('redirect.query', T.query, 'None.')
      : check.warn(
          'redirect.query',
          T.query,
          `The URI has a query (?${sent.query}); it must match exactly, and Tesla appends its own parameters (code, state, issuer, locale).`,
          'Drop the query; carry state in the OAuth state parameter.',
        ),
  );

  // Exact match.
  const allowed = input.allowed;
  if (allowed.length === 0) {
    checks.push(
      check.fail(
        'redirect.match',
        T.match,
        'No Allowed Redirect URIs given.',
        `Add ${input.uri} to the app's Allowed Redirect URI(s) on developer.tesla.com, and to Fleetkit's settings.`,
      ),
    );
  } else if (allowed.includes(input.uri)) {
    checks.push(check.pass('redirect.match', T.match, `${input.uri} is in the allowed list.`));
  } else {
    const scored = allowed.map((a) => ({ a, diffs: differences(sent, splitUri(a.trim())) })).sort((x, y) => x.diffs.length - y.diffs.length);
    const best = scored[0];
    const trimmedHit = allowed.find((a) => a.trim() === input.uri);
    const detail = trimmedHit
      ? `Only with whitespace: ${JSON.stringify(trimmedHit)}.`
      : `Not in the allowed list. Closest entry ${best.a}: ${best.diffs.join('; ')}.`;
    checks.push(
      check.fail(
        'redirect.match',
        T.match,
        `${detail} Tesla compares the whole string exactly and answers invalid_redirect_url / "redirect_uri not recognized".`,
        `Register exactly ${input.uri} on developer.tesla.com (Allowed Redirect URI), or change Fleetkit's redirect URI to an allowed entry.`,
      ),
    );
  }

  // Allowed entries.
  const bad = allowed.map((a) => ({ a, p: entryProblems(a) })).filter((x) => x.p.length);
  checks.push(
    allowed.length === 0
      ? check.skip('redirect.allowed-entries', T.entries, 'No entries.')
      : bad.length
        ? check.warn(
            'redirect.allowed-entries',
            T.entries,
            bad.map((x) => `${JSON.stringify(x.a)}: ${x.p.join(', ')}`).join('; '),
            'Fix or remove these entries.',
          )
        : check.pass('redirect.allowed-entries', T.entries, `${allowed.length} entr${allowed.length === 1 ? 'y' : 'ies'}.`),
  );

  const facts: Record<string, string> = { register: input.uri };
  if (input.externalUri) facts.externalUri = input.externalUri;
  return { kind: 'redirect', target: input.uri, checkedAt: input.now.toISOString(), checks, facts };
}
