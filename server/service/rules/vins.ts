import type { ParsedConfig } from '../parse';
import { show, type RuleContext } from '../report';
import { expectedCheckDigit, illegalVinCharacters } from '../../../core/vin/vin';

/** The VIN strings of a request (empty for a bare config). */
export function configVins(parsed: ParsedConfig): string[] {
  const value = parsed.vins?.valueNode;
  if (value?.type !== 'array') return [];
  return value.items.flatMap((item) => (item.type === 'string' ? [item.value] : []));
}

export function checkVins(ctx: RuleContext): void {
  const property = ctx.parsed.vins;
  const value = property?.valueNode;
  if (!property || !value) return;
  if (value.type !== 'array') {
    ctx.report('wrongType', ctx.rangeOf(value), `"vins" must be an array of VIN strings, found ${show(value)}.`);
    return;
  }
  if (value.items.length === 0) {
    ctx.report('vinsEmpty', ctx.rangeOf(value), '"vins" is empty: list at least one VIN.');
    return;
  }
  for (const item of value.items) {
    const range = ctx.rangeOf(item);
    if (item.type !== 'string') {
      ctx.report('wrongType', range, `A VIN must be a string, found ${show(item)}.`);
      continue;
    }
    const vin = item.value;
    const illegal = illegalVinCharacters(vin);
    if (vin.length !== 17) ctx.report('vinLength', range, `VIN "${vin}" has ${vin.length} characters; a VIN has 17.`);
    if (illegal.length) {
      const fixable = vin.toUpperCase() !== vin && illegalVinCharacters(vin.toUpperCase()).length === 0;
      const fixes = fixable ? [{ title: 'Convert to upper case', edits: [{ range, newText: JSON.stringify(vin.toUpperCase()) }] }] : undefined;
      ctx.report(
        'vinCharacters',
        range,
        `VIN "${vin}" contains ${illegal.map((c) => JSON.stringify(c)).join(', ')}; VINs use A–Z and 0–9 without I, O and Q.`,
        fixes,
      );
      continue;
    }
    const expected = expectedCheckDigit(vin);
    if (expected && vin[8] !== expected) {
      ctx.report('vinCheckDigit', range, `VIN "${vin}" has check digit "${vin[8]}" but its other characters give "${expected}"; check for a typo.`);
    }
  }
}
