import { fieldByName } from '../../../core/telemetry-catalog/index';
import { estimateCost, formatDollars, type FieldRate } from '../cost';
import { isObject, prop } from '../parse';
import type { RuleContext } from '../report';
import { configVins } from './vins';

/** An information diagnostic on `fields` with the estimated signals per vehicle per day and dollars per month. */
export function checkCost(ctx: RuleContext): void {
  const fieldsProp = prop(ctx.parsed.config, 'fields');
  const fields = fieldsProp?.valueNode;
  if (!fieldsProp || !isObject(fields)) return;
  const rates: FieldRate[] = [];
  for (const p of fields.properties) {
    const info = fieldByName(p.keyNode.value);
    const interval = isObject(p.valueNode) ? prop(p.valueNode, 'interval_seconds')?.valueNode : undefined;
    if (!info || info.placeholder || interval?.type !== 'number' || !(interval.value > 0)) continue;
    rates.push({ intervalSeconds: interval.value });
  }
  if (!rates.length) return;
  const estimate = estimateCost(rates);
  const vehicles = configVins(ctx.parsed).length;
  const fleet = vehicles > 1 ? `; ${vehicles} vehicles: up to ${formatDollars(estimate.dollarsPerVehiclePerMonth * vehicles)}/month` : '';
  ctx.report(
    'cost',
    ctx.rangeOf(fieldsProp.keyNode),
    `Cost: up to ${estimate.signalsPerVehiclePerDay.toLocaleString('en-US')} signals per vehicle per day (each field changing every interval) ≈ ` +
      `${formatDollars(estimate.dollarsPerVehiclePerMonth)} per vehicle per month at 150,000 signals per $1${fleet}.`,
  );
}
