import { check, type Check } from '../types';
import type { FetchOutcome } from './fetch';
import { looksLikePublicKeyPem } from './body-kind';
import type { PemTarget } from './target';
import { WELL_KNOWN_PEM_PATH } from './well-known';

const TITLE = 'Exact path';

export interface PathProbe {
  readonly path: string;
  readonly mistake: string;
  readonly outcome: FetchOutcome;
}

const answer = (o: FetchOutcome): string => {
  if (o.status === undefined) return o.error ? `no answer (${o.error.kind})` : 'no answer';
  if (o.status >= 300 && o.status < 400 && o.headers.location) return `${o.status} → ${o.headers.location}`;
  if (o.status === 200) return looksLikePublicKeyPem(o.body) ? '200 with a public key' : '200 without a key';
  return String(o.status);
};

/**
 * Whether the key is at the exact path Tesla fetches, and if not, where the server actually serves it.
 * Pure: the probes were fetched by the runner (only when the exact path did not serve a key).
 */
export function analysePath(target: PemTarget, main: FetchOutcome, probes: readonly PathProbe[]): Check {
  if (main.status === undefined) return check.skip('path.exact', TITLE, 'Not checked: no HTTP response.');
  if (main.status === 200 && looksLikePublicKeyPem(main.body)) {
    return check.pass('path.exact', TITLE, `The key is served at ${WELL_KNOWN_PEM_PATH}.`);
  }
  const found = probes.filter((p) => p.outcome.status === 200 && looksLikePublicKeyPem(p.outcome.body));
  const moveTo = `Put the file at exactly ${WELL_KNOWN_PEM_PATH} (lower case, no trailing slash, dot in .well-known).`;
  if (found.length) {
    const where = found.map((p) => `${p.path} (${p.mistake})`).join(', ');
    return check.fail('path.exact', TITLE, `Nothing usable at ${WELL_KNOWN_PEM_PATH}, but the server serves a key at ${where}.`, moveTo);
  }
  const redirecting = probes.filter((p) => p.outcome.status !== undefined && p.outcome.status >= 300 && p.outcome.status < 400);
  const summary = probes.map((p) => `${p.path} → ${answer(p.outcome)}`).join('; ');
  const extra = target.givenPath && !probes.some((p) => p.path === target.givenPath) ? ` (you gave ${target.givenPath})` : '';
  return check.fail(
    'path.exact',
    TITLE,
    `Nothing usable at ${WELL_KNOWN_PEM_PATH}, and none of ${probes.length} common variants serves a key either${extra}.${redirecting.length ? ' Some redirect.' : ''} Probed: ${summary || 'none'}.`,
    moveTo,
  );
}

/** Warnings about what the user typed versus what Tesla fetches. */
export function analyseTarget(target: PemTarget): Check {
  const notes: string[] = [];
  if (target.givenScheme) notes.push(`Tesla fetches over https, not ${target.givenScheme}`);
  if (target.givenPort) notes.push(`Tesla fetches on port 443, not ${target.givenPort}`);
  if (target.givenPath) notes.push(`Tesla fetches ${WELL_KNOWN_PEM_PATH}, not ${target.givenPath}`);
  if (target.hostHadUpperCase) notes.push('register the domain in lower case (Tesla rejects upper-case domains)');
  if (!notes.length) return check.pass('target.url', 'URL Tesla fetches', target.url);
  return check.warn(
    'target.url',
    'URL Tesla fetches',
    `Checked ${target.url}: ${notes.join('; ')}.`,
    `Use the domain alone (${target.host}) when registering; Tesla builds this URL itself.`,
  );
}
