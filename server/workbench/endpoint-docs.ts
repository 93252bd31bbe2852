import { billingOf } from '../../core/api-request/send';
import { formatCallPrice } from '../../core/billing/prices';
import type { EndpointSpec } from '../../core/fleet-api/endpoints/types';

const STATE_TEXT: Readonly<Record<EndpointSpec['vehicleState'], string>> = {
  none: 'answered without the car: never wakes it',
  online: 'needs the car online (408 when asleep; never wakes it)',
  wakes: '**wakes the car** (billed as a wake)',
};

/** The path as the workbench writes it: Tesla's `{vehicle_tag}` as `{vin}`, `{energy_site_id}` as `{site}`. */
export function workbenchPath(spec: EndpointSpec): string {
  return spec.path.replace('{vehicle_tag}', '{vin}').replace('{energy_site_id}', '{site}');
}

/** Markdown for hover and completion: summary, scopes, token, cost, what it does to the car, parameters, doc link. */
export function endpointMarkdown(spec: EndpointSpec): string {
  const billed = billingOf(spec.method, spec.path);
  const cost = billed ? `${billed.category}, ${formatCallPrice(billed.usd)} per call (every answer below 500)` : 'not billed';
  const params = spec.params.filter((p) => p.in !== 'path');
  const lines = [
    `**${spec.method} ${workbenchPath(spec)}**`,
    '',
    spec.summary,
    '',
    `- Scopes: ${spec.scopes.length ? spec.scopes.map((s) => `\`${s}\``).join(' or ') : 'none (partner token)'}`,
    `- Token: ${spec.tokens.map((t) => (t === 'user' ? 'user (third-party)' : 'partner')).join(' or ')}`,
    `- Cost: ${cost}`,
    `- Car: ${STATE_TEXT[spec.vehicleState]}`,
    ...(spec.signedCommand ? ['- Sent signed by Fleetkit (Vehicle Command Protocol) from the workbench'] : []),
  ];
  if (params.length) {
    lines.push('', '| Parameter | In | Type | |', '| --- | --- | --- | --- |');
    for (const p of params) lines.push(`| \`${p.name}\`${p.required ? ' *' : ''} | ${p.in} | ${p.type} | ${p.description.replace(/\|/g, '\\|')} |`);
  }
  lines.push('', `Response: \`${spec.response.replace(/`/g, "'")}\``, '', `[Tesla's documentation](${spec.docs})`);
  return lines.join('\n');
}
