import type { FetchOutcome } from '../../../core/checks/pem/fetch';
import type { Check, CheckReport } from '../../../core/checks/types';
import { strict as assert } from 'node:assert';

export const URL_ = 'https://fleet.example.test/.well-known/appspecific/com.tesla.3p.public-key.pem';

/** A 200 response as the fetcher would report it. */
export function ok(body: string | Buffer, headers: Record<string, string> = { 'content-type': 'text/plain' }, extra: Partial<FetchOutcome> = {}): FetchOutcome {
  return { url: URL_, status: 200, headers, body: typeof body === 'string' ? Buffer.from(body) : body, truncated: false, ...extra };
}

export function find(checks: readonly Check[] | CheckReport, id: string): Check {
  const list = 'checks' in checks ? checks.checks : checks;
  const c = list.find((x) => x.id === id);
  assert.ok(c, `no check ${id}`);
  return c;
}
