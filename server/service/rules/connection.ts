import { isIP } from 'node:net';
import { prop } from '../parse';
import { show, type RuleContext } from '../report';

const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/** Strips a scheme, credentials, path, query and port: what the user most likely meant as the host name. */
export function bareHost(value: string): string {
  let host = value.trim().replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, '');
  host = host.replace(/^[^@/]*@/, '');
  host = host.split(/[/?#]/)[0];
  if (!host.startsWith('[')) host = host.replace(/:\d*$/, '');
  return host.replace(/\.$/, '');
}

export function isDnsName(host: string): boolean {
  if (host.length === 0 || host.length > 253) return false;
  return host.split('.').every((label) => LABEL.test(label));
}

export function checkHostname(ctx: RuleContext): void {
  const node = prop(ctx.parsed.config, 'hostname')?.valueNode;
  if (node?.type !== 'string') return;
  const value = node.value;
  const range = ctx.rangeOf(node);
  const problems: string[] = [];
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value)) problems.push('a scheme');
  if (/[/?#]/.test(value.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, ''))) problems.push('a path');
  if (/:\d*$/.test(value.replace(/[/?#].*$/, '').replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, ''))) problems.push('a port');
  if (problems.length) {
    const host = bareHost(value);
    const fixes = isDnsName(host) ? [{ title: `Use "${host}"`, edits: [{ range, newText: JSON.stringify(host) }], isPreferred: true }] : undefined;
    ctx.report('hostnameInvalid', range, `"hostname" must be a bare host name; it has ${problems.join(' and ')}.${fixes ? ` Use "${host}".` : ''}`, fixes);
    return;
  }
  if (isIP(value)) {
    ctx.report('hostnameNotFqdn', range, `"hostname" is an IP address; vehicles expect the DNS name your server certificate covers.`);
    return;
  }
  if (!isDnsName(value)) {
    ctx.report('hostnameInvalid', range, `"hostname" ${show(node)} is not a valid DNS name (labels of A–Z, 0–9 and "-", at most 63 characters each).`);
    return;
  }
  if (!value.includes('.')) ctx.report('hostnameNotFqdn', range, `"hostname" "${value}" is a single label; vehicles need a public, fully qualified name.`);
}

export function checkPort(ctx: RuleContext): void {
  const node = prop(ctx.parsed.config, 'port')?.valueNode;
  if (!node) return;
  const range = ctx.rangeOf(node);
  if (node.type === 'string') {
    const n = Number(node.value.trim());
    const convertible = /^\s*\d+\s*$/.test(node.value) && n >= 1 && n <= 65535;
    const fixes = convertible ? [{ title: 'Convert port to a number', edits: [{ range, newText: String(n) }], isPreferred: true }] : undefined;
    ctx.report('portString', range, `"port" is a string ${show(node)}; it must be a JSON number — a string port silently breaks streaming.`, fixes);
    return;
  }
  if (node.type !== 'number' || !Number.isInteger(node.value) || node.value < 1 || node.value > 65535) {
    ctx.report('portInvalid', range, `"port" must be an integer from 1 to 65535, found ${show(node)}.`);
  }
}
