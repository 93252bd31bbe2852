import { billingOf } from '../../core/api-request/send';
import { formatCallPrice } from '../../core/billing/prices';
import { endpointsForPath } from '../../core/fleet-api/endpoints/match';

/** What the Send lens says before anything is sent: what Tesla bills for it, and whether it wakes the car. */
export function sendLensTitle(method: string, target: string): string {
  const path = target.split('?')[0];
  const spec = endpointsForPath(path).find((m) => m.endpoint.method === method.toUpperCase())?.endpoint;
  const billed = billingOf(method.toUpperCase(), path.replace(/\{[^}]+\}/g, 'x'));
  const parts = ['$(play) Send'];
  if (spec?.vehicleState === 'wakes') parts.push('wakes the car');
  if (spec?.signedCommand) parts.push('signed');
  if (billed) parts.push(`${billed.category} ${formatCallPrice(billed.usd)}`);
  return parts.join(' · ');
}
