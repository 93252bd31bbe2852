import { commonName, parsePemChain } from '../certificates';
import { prop } from '../parse';
import type { RuleContext } from '../report';
import { isDnsName } from './connection';

/** `ca`: parsable PEM certificates, validity dates, chain order, and a leaf that covers `hostname`. */
export function checkCa(ctx: RuleContext): void {
  const config = ctx.parsed.config;
  const node = prop(config, 'ca')?.valueNode;
  if (!node) return;
  const range = ctx.rangeOf(node);
  if (node.type === 'null') {
    ctx.report('caNull', range, '"ca" is null: vehicles then need to trust your server\'s CA on their own (unconfirmed); send the PEM chain.');
    return;
  }
  if (node.type !== 'string') {
    ctx.report('wrongType', range, '"ca" must be a string holding a PEM certificate chain.');
    return;
  }
  const chain = parsePemChain(node.value);
  if (chain.hasPrivateKey) {
    ctx.report('caPrivateKey', range, '"ca" contains a PRIVATE KEY block: remove it, and treat that key as leaked.');
  }
  if (chain.certificates.length === 0) {
    ctx.report('caUnparsable', range, '"ca" has no PEM certificate ("-----BEGIN CERTIFICATE-----" … "-----END CERTIFICATE-----").');
    return;
  }
  const parsed = chain.certificates.filter((c) => c.cert);
  for (const c of chain.certificates) {
    if (c.error) ctx.report('caUnparsable', range, `Certificate #${c.index} in "ca" cannot be parsed: ${c.error}.`);
  }
  const now = ctx.nowMs;
  for (const c of parsed) {
    const cert = c.cert!;
    const from = Date.parse(cert.validFrom);
    const to = Date.parse(cert.validTo);
    const name = commonName(cert);
    if (to < now) ctx.report('certExpired', range, `Certificate #${c.index} (${name}) in "ca" expired on ${new Date(to).toISOString()}.`);
    else if (from > now) ctx.report('certNotYetValid', range, `Certificate #${c.index} (${name}) in "ca" is not valid before ${new Date(from).toISOString()}.`);
  }
  if (parsed.length !== chain.certificates.length) return;
  for (let i = 0; i + 1 < parsed.length; i++) {
    const child = parsed[i].cert!;
    const parent = parsed[i + 1].cert!;
    if (!child.checkIssued(parent)) {
      ctx.report(
        'chainOrder',
        range,
        `Certificate #${i + 2} (${commonName(parent)}) did not issue #${i + 1} (${commonName(child)}); order "ca" leaf first, then each issuer.`,
      );
      break;
    }
  }
  const hostNode = prop(config, 'hostname')?.valueNode;
  if (hostNode?.type === 'string' && isDnsName(hostNode.value)) {
    const leaf = parsed[0].cert!;
    if (!leaf.ca && leaf.checkHost(hostNode.value) === undefined) {
      ctx.report('leafHostMismatch', range, `The leaf certificate (${commonName(leaf)}) does not cover hostname "${hostNode.value}".`);
    }
  }
}
