import { check, type Check } from '../types';
import type { FetchOutcome } from './fetch';

const TITLE = 'HTTP 200 without redirects';
const REDIRECTS: Record<number, string> = { 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 307: 'Temporary Redirect', 308: 'Permanent Redirect' };

/** What kind of redirect this is, so the fix can name the rule to change. */
export function describeRedirect(from: string, location: string): { to: string; kind: string } {
  let to: URL;
  try {
    to = new URL(location, from);
  } catch {
    return { to: location, kind: 'to an unparseable Location' };
  }
  const f = new URL(from);
  if (to.hostname !== f.hostname) {
    const bare = (h: string): string => h.replace(/^www\./, '');
    if (bare(to.hostname) === bare(f.hostname)) {
      return { to: to.href, kind: to.hostname.startsWith('www.') ? 'an apex → www canonicalisation rule' : 'a www → apex canonicalisation rule' };
    }
    return { to: to.href, kind: `to another host (${to.hostname})` };
  }
  if (to.protocol !== f.protocol) return { to: to.href, kind: `a scheme change to ${to.protocol.slice(0, -1)}` };
  if (to.pathname === `${f.pathname}/` || `${to.pathname}/` === f.pathname) return { to: to.href, kind: 'a trailing-slash rule' };
  if (to.pathname.toLowerCase() === f.pathname.toLowerCase()) return { to: to.href, kind: 'a path case rule' };
  if (/log-?in|sign-?in|auth|sso|account/i.test(to.pathname + to.search)) return { to: to.href, kind: 'a login redirect (the path is protected)' };
  if (/^\/[a-z]{2}(-[a-z]{2})?\//i.test(to.pathname) && to.pathname.endsWith(f.pathname)) return { to: to.href, kind: 'a locale prefix rule' };
  return { to: to.href, kind: 'a redirect to another path' };
}

/** Verdict on the HTTP status of the key download. */
export function analyseStatus(outcome: FetchOutcome): Check {
  const e = outcome.error;
  if (outcome.status === undefined) {
    if (!e || e.phase === 'connect' || e.phase === 'tls') return check.skip('http.status', TITLE, 'Not checked: no HTTPS connection.');
    if (e.kind === 'timeout') {
      return check.fail(
        'http.status',
        TITLE,
        `The server completed TLS but sent no HTTP response: ${e.message}.`,
        'Check the web server / upstream behind the TLS terminator responds to GET for this path; Tesla gives up too.',
      );
    }
    return check.fail('http.status', TITLE, `The connection ended without an HTTP response: ${e.message}.`, 'Check the web server logs for this request.');
  }
  const s = outcome.status;
  const url = outcome.url;
  if (s === 200) return check.pass('http.status', TITLE, '200 OK.');
  const location = outcome.headers.location;
  if (REDIRECTS[s]) {
    if (!location) {
      return check.fail('http.status', TITLE, `${s} ${REDIRECTS[s]} without a Location header.`, `Serve the file directly at ${url} with status 200.`);
    }
    const r = describeRedirect(url, location);
    return check.fail(
      'http.status',
      TITLE,
      `${s} ${REDIRECTS[s]} → ${r.to} (${r.kind}). Tesla does not follow redirects.`,
      `Serve the file directly at ${url} with status 200: exempt /.well-known/ from ${r.kind.replace(/^an? /, 'the ')} (web server, CDN or hosting redirect settings).`,
    );
  }
  if (s === 401) {
    const auth = outcome.headers['www-authenticate'];
    return check.fail(
      'http.status',
      TITLE,
      `401 Unauthorized: the path asks for credentials${auth ? ` (WWW-Authenticate: ${auth})` : ''}.`,
      'Tesla downloads the key anonymously: remove password protection from /.well-known/ (basic auth, deployment/preview protection, Cloudflare Access, an auth middleware).',
    );
  }
  if (s === 403) {
    return check.fail(
      'http.status',
      TITLE,
      '403 Forbidden: the server refuses anonymous access to the file.',
      'Allow anonymous GET on /.well-known/appspecific/: make the file readable by the web server, remove rules that deny dot-folders (nginx `location ~ /\\.` deny, Apache `<FilesMatch "^\\.">`), and exempt the path from WAF / bot protection and IP allow-lists.',
    );
  }
  if (s === 404) {
    return check.fail(
      'http.status',
      TITLE,
      '404 Not Found at the exact path.',
      'Deploy the file at exactly /.well-known/appspecific/com.tesla.3p.public-key.pem. Static hosts often drop dot-folders (GitHub Pages/Jekyll: add `include: [".well-known"]` to _config.yml or a .nojekyll file; some build tools skip dot-files). See the path check for where the server answers instead.',
    );
  }
  if (s === 429) {
    return check.fail('http.status', TITLE, '429 Too Many Requests.', 'Exempt /.well-known/ from rate limiting; Tesla fetches it from its own servers.');
  }
  if (s >= 500) return check.fail('http.status', TITLE, `${s}: the server failed.`, 'Check the web server / upstream logs for this path.');
  return check.fail('http.status', TITLE, `${s} instead of 200.`, `Serve the file at ${url} with status 200 to an anonymous GET.`);
}
