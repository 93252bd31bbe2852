import type { ASTNode, ObjectASTNode, PropertyASTNode } from 'vscode-json-languageservice';
import { CONFIGURABLE_FIELDS, fieldByName, isNumericField, type TelemetryFieldInfo } from '../../../core/telemetry-catalog/index';
import { removePropertyEdit } from '../edits';
import { describeShortfall, vehiclesBelow } from '../firmware';
import { FIELD_RULE_KEYS, OPTION_FIRMWARE } from '../keys';
import { isObject, prop } from '../parse';
import { show, type RuleContext } from '../report';
import { closest, suggestions } from '../../../core/text/suggest';
import { configVins } from './vins';

const FIELD_NAMES = CONFIGURABLE_FIELDS.map((f) => f.name);

/** Field names, each field's rule object, and firmware requirements against the vehicles' known firmware. */
export function checkFields(ctx: RuleContext): void {
  const fieldsNode = prop(ctx.parsed.config, 'fields')?.valueNode;
  if (!isObject(fieldsNode)) return;
  const vins = configVins(ctx.parsed);
  for (const property of fieldsNode.properties) {
    const name = property.keyNode.value;
    const field = fieldByName(name);
    const keyRange = ctx.rangeOf(property.keyNode);
    const remove = { title: `Remove "${name}"`, edits: [removePropertyEdit(ctx.document, property)] };
    if (!field) {
      const options = suggestions(name, FIELD_NAMES);
      const fixes = options.map((o, i) => ({ title: `Change to "${o}"`, edits: [{ range: keyRange, newText: JSON.stringify(o) }], isPreferred: i === 0 }));
      const hint = options.length ? ` Did you mean ${options.map((o) => `"${o}"`).join(', ')}?` : '';
      ctx.report('unknownField', keyRange, `Unknown telemetry field "${name}"; Tesla rejects the whole config.${hint}`, [...fixes, remove]);
    } else if (field.placeholder) {
      const what =
        field.placeholder === 'unknown'
          ? 'the proto zero value'
          : field.placeholder === 'deprecated'
            ? 'a deprecated placeholder'
            : 'an experimental placeholder';
      ctx.report('placeholderField', keyRange, `"${name}" is ${what}, not a configurable field.`, [
        { ...remove, title: `Remove deprecated field "${name}"`, isPreferred: true },
      ]);
    } else {
      if (field.semiOnly) ctx.report('semiOnlyField', keyRange, `"${name}" is only sent by the Semi truck.`);
      if (field.minFirmware) {
        const below = vehiclesBelow(field.minFirmware, ctx.vehicleFirmware, vins);
        if (below.length) {
          ctx.report('firmwareTooOld', keyRange, `"${name}" needs firmware ${field.minFirmware}+; older: ${describeShortfall(below)}.`, [remove]);
        }
      }
    }
    checkRule(ctx, property, field, vins);
  }
}

function positiveInteger(node: ASTNode | undefined): boolean {
  return node?.type === 'number' && Number.isInteger(node.value) && node.value > 0;
}

function checkRule(ctx: RuleContext, property: PropertyASTNode, field: TelemetryFieldInfo | undefined, vins: readonly string[]): void {
  const rule = property.valueNode;
  const name = property.keyNode.value;
  if (!rule) return;
  if (rule.type !== 'object') {
    ctx.report('wrongType', ctx.rangeOf(rule), `"${name}" must be an object like {"interval_seconds": 60}, found ${show(rule)}.`);
    return;
  }
  checkRuleKeys(ctx, rule);
  const interval = prop(rule, 'interval_seconds');
  if (!interval) {
    ctx.report('intervalMissing', ctx.rangeOf(property.keyNode), `"${name}" has no "interval_seconds".`);
  } else if (interval.valueNode && !positiveInteger(interval.valueNode)) {
    ctx.report('intervalInvalid', ctx.rangeOf(interval.valueNode), `"interval_seconds" must be a positive integer, found ${show(interval.valueNode)}.`);
  }
  const delta = prop(rule, 'minimum_delta');
  if (delta?.valueNode) {
    const v = delta.valueNode;
    if (v.type !== 'number' || !(v.value > 0)) {
      ctx.report('deltaInvalid', ctx.rangeOf(v), `"minimum_delta" must be a positive number, found ${show(v)}.`);
    } else if (field && !field.placeholder && !isNumericField(field)) {
      const remove = { title: 'Remove "minimum_delta"', edits: [removePropertyEdit(ctx.document, delta)] };
      ctx.report('deltaNonNumeric', ctx.rangeOf(delta.keyNode), `"minimum_delta" has no effect on "${name}" (${field.enum ?? field.valueType}).`, [remove]);
    } else if (field?.valueType === 'location') {
      ctx.report('deltaLocation', ctx.rangeOf(delta.keyNode), `"minimum_delta" on "${name}" is in meters and needs newer firmware than other deltas.`);
    }
    const below = vehiclesBelow(OPTION_FIRMWARE.minimum_delta, ctx.vehicleFirmware, vins);
    if (below.length) {
      ctx.report(
        'firmwareTooOld',
        ctx.rangeOf(delta.keyNode),
        `"minimum_delta" needs firmware ${OPTION_FIRMWARE.minimum_delta}+; older: ${describeShortfall(below)}.`,
      );
    }
  }
  const resend = prop(rule, 'resend_interval_seconds');
  if (resend?.valueNode && !positiveInteger(resend.valueNode)) {
    ctx.report('resendInvalid', ctx.rangeOf(resend.valueNode), `"resend_interval_seconds" must be a positive integer, found ${show(resend.valueNode)}.`);
  }
}

function checkRuleKeys(ctx: RuleContext, rule: ObjectASTNode): void {
  const known = Object.keys(FIELD_RULE_KEYS);
  for (const p of rule.properties) {
    const key = p.keyNode.value;
    if (known.includes(key)) continue;
    const suggestion = closest(key, known);
    const fixes = [{ title: `Remove "${key}"`, edits: [removePropertyEdit(ctx.document, p)] }];
    if (suggestion) fixes.unshift({ title: `Change to "${suggestion}"`, edits: [{ range: ctx.rangeOf(p.keyNode), newText: JSON.stringify(suggestion) }] });
    ctx.report('unknownKey', ctx.rangeOf(p.keyNode), `Unknown field-rule key "${key}".${suggestion ? ` Did you mean "${suggestion}"?` : ''}`, fixes);
  }
}
