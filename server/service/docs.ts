import { enumValues, type TelemetryFieldInfo } from '../../core/telemetry-catalog/index';

/** One line: type, unit, minimum firmware. */
export function fieldDetail(field: TelemetryFieldInfo): string {
  const parts = [field.enum ?? field.valueType];
  if (field.unit) parts.push(field.unit);
  if (field.minFirmware) parts.push(`firmware ${field.minFirmware}+`);
  return parts.join(' · ');
}

/** Markdown documentation for a field, shared by hover and completion. */
export function fieldMarkdown(field: TelemetryFieldInfo): string {
  const lines = [`**${field.name}** (field ${field.number})`, '', field.description, ''];
  lines.push(`- Type: \`${field.enum ?? field.valueType}\``);
  if (field.unit) lines.push(`- Unit: ${field.unit}`);
  lines.push(
    `- Minimum firmware: ${field.minFirmware ? `${field.minFirmware}${field.minClientVersion ? ` (telemetry client ${field.minClientVersion})` : ''}` : 'any'}`,
  );
  if (field.alwaysTyped) lines.push('- Always sent typed');
  if (field.enum) {
    const values = enumValues(field.enum).map((v) => v.name);
    lines.push(
      `- Values: ${values
        .slice(0, 12)
        .map((v) => `\`${v}\``)
        .join(', ')}${values.length > 12 ? ', …' : ''}`,
    );
  }
  if (field.valueType === 'number' || field.valueType === 'location') {
    lines.push('- `minimum_delta` applies' + (field.valueType === 'location' ? ' (meters)' : ''));
  }
  return lines.join('\n');
}
