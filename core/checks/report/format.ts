import { summarize, type Check, type CheckReport, type CheckStatus } from '../types';

const LABEL: Record<CheckStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP' };
const TITLES: Record<CheckReport['kind'], string> = {
  pem: 'PEM hosting',
  redirect: 'Redirect URI',
  doctor: 'Fleet API doctor',
  'telemetry-server': 'Telemetry server',
};

const FACT_LABELS: Record<string, string> = {
  url: 'URL',
  host: 'Host',
  status: 'HTTP status',
  contentType: 'Content-Type',
  hostedKeyType: 'Hosted key',
  hostedSpkiSha256: 'Hosted SPKI SHA-256',
  hostedPublicKeyHex: 'Hosted public key (as Tesla shows it)',
  hostedKeyFingerprint: 'Hosted key fingerprint (Fleetkit)',
  localKeyType: 'Local key',
  localSpkiSha256: 'Local SPKI SHA-256',
  localPublicKeyHex: 'Local public key (as Tesla shows it)',
  localKeyFingerprint: 'Local key fingerprint (Fleetkit)',
  register: 'Value to register',
  hostname: 'Vehicles connect to',
  connectedTo: 'Connected to (--resolve)',
  servedChain: 'Served chain',
  protocol: 'TLS version',
  clientCaNames: 'Client CA names sent',
};

export interface TextFormatOptions {
  /** Also list passing and skipped checks' details (default true). */
  verbose?: boolean;
}

function line(c: Check): string[] {
  const tag = c.critical ? 'CRIT' : LABEL[c.status];
  const out = [`  ${tag}  ${c.title}: ${c.detail}`];
  if (c.fix && (c.status === 'fail' || c.status === 'warn')) out.push(`        fix: ${c.fix}`);
  return out;
}

/** Human-readable report (what `fleetkit check` prints on stderr). */
export function formatReportText(report: CheckReport, options: TextFormatOptions = {}): string {
  const verbose = options.verbose ?? true;
  const s = summarize(report.checks);
  const lines = [`${TITLES[report.kind]} — ${report.target}`, ''];
  for (const c of report.checks) {
    if (!verbose && (c.status === 'pass' || c.status === 'skip')) continue;
    lines.push(...line(c));
  }
  const facts = Object.entries(report.facts).filter(([k]) => k !== 'url' || report.facts.url !== report.target);
  if (facts.length) {
    lines.push('');
    const width = Math.max(...facts.map(([k]) => (FACT_LABELS[k] ?? k).length));
    for (const [k, v] of facts) lines.push(`  ${(FACT_LABELS[k] ?? k).padEnd(width)}  ${v}`);
  }
  lines.push('', `${s.ok ? 'OK' : 'FAILED'}: ${s.pass} passed, ${s.warn} warning(s), ${s.fail} failed, ${s.skip} skipped.`);
  return `${lines.join('\n')}\n`;
}

/** Machine-readable report (what `fleetkit check --json` prints on stdout). */
export function formatReportJson(report: CheckReport): string {
  return `${JSON.stringify({ ...report, summary: summarize(report.checks) }, null, 2)}\n`;
}
