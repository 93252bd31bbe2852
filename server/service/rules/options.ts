import type { ASTNode, ObjectASTNode } from 'vscode-json-languageservice';
import { addPropertyEdit } from '../edits';
import { describeShortfall, vehiclesBelow } from '../firmware';
import { ALERT_TYPES, OPTION_FIRMWARE } from '../keys';
import { isObject, prop } from '../parse';
import { show, type RuleContext } from '../report';
import { closest } from '../../../core/text/suggest';
import { configVins } from './vins';

const YEAR_S = 365 * 24 * 3600;

function isoOf(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  return Number.isNaN(date.getTime()) ? `${epochSeconds} s` : date.toISOString();
}

export function oneYearFromNow(nowMs: number): number {
  return Math.floor(nowMs / 1000) + YEAR_S;
}

/** Epoch seconds above this are taken for milliseconds (1e11 s is the year 5138). */
const MS_THRESHOLD_S = 1e11;

/**
 * `nbf` and `iat`: standard JWT claims the signed config (Tesla.SS256 JWS) may carry besides `exp`. Like `exp` they
 * are NumericDates in epoch seconds; checked for type and units, for lying in the future, and `nbf` against `exp`.
 */
function checkTimeClaims(ctx: RuleContext, config: ObjectASTNode, nowS: number, exp: ASTNode | undefined): void {
  for (const claim of ['nbf', 'iat'] as const) {
    const node = prop(config, claim)?.valueNode;
    if (!node) continue;
    const range = ctx.rangeOf(node);
    const setNow = { title: `Set ${claim} to now`, edits: [{ range, newText: String(nowS) }], isPreferred: true };
    const meaning = claim === 'nbf' ? 'not before' : 'issued at';
    if (node.type !== 'number' || !Number.isInteger(node.value)) {
      ctx.report('claimInvalid', range, `"${claim}" (${meaning}) must be an integer of epoch seconds, found ${show(node)}.`, [setNow]);
      continue;
    }
    if (node.value > MS_THRESHOLD_S) {
      const seconds = Math.floor(node.value / 1000);
      const toSeconds = { title: `Change to ${seconds} (seconds)`, edits: [{ range, newText: String(seconds) }], isPreferred: true };
      ctx.report('claimInvalid', range, `"${claim}" ${node.value} looks like milliseconds; JWT claims are epoch seconds.`, [toSeconds]);
      continue;
    }
    if (node.value > nowS) {
      const message =
        claim === 'nbf'
          ? `"nbf" ${isoOf(node.value)} is in the future; the config is not valid until then.`
          : `"iat" ${isoOf(node.value)} is in the future; a token issued in the future is refused by JWT verifiers.`;
      ctx.report('claimFuture', range, message, claim === 'iat' ? [setNow] : undefined);
    }
    if (claim === 'nbf' && exp?.type === 'number' && Number.isInteger(exp.value) && exp.value <= MS_THRESHOLD_S && node.value >= exp.value) {
      ctx.report('nbfAfterExp', range, `"nbf" ${isoOf(node.value)} is not before "exp" ${isoOf(exp.value)}; the config would never be valid.`);
    }
  }
}

/** `exp`, `nbf`, `iat`, `alert_types`, `delivery_policy` and `prefer_typed`. */
export function checkOptions(ctx: RuleContext): void {
  const config = ctx.parsed.config;
  if (!config) return;
  const nowS = Math.floor(ctx.nowMs / 1000);
  const exp = prop(config, 'exp')?.valueNode;
  if (exp) {
    const range = ctx.rangeOf(exp);
    const setExp = { title: 'Set exp to 1 year from now', edits: [{ range, newText: String(oneYearFromNow(ctx.nowMs)) }], isPreferred: true };
    if (exp.type !== 'number' || !Number.isInteger(exp.value)) {
      ctx.report('expInvalid', range, `"exp" must be an integer of epoch seconds, found ${show(exp)}.`, [setExp]);
    } else if (exp.value > MS_THRESHOLD_S) {
      ctx.report('expInvalid', range, `"exp" ${exp.value} looks like milliseconds; Tesla expects epoch seconds.`, [setExp]);
    } else if (exp.value <= nowS) {
      ctx.report('expPast', range, `"exp" ${isoOf(exp.value)} is not in the future; the config would be expired.`, [setExp]);
    } else if (exp.value > nowS + YEAR_S) {
      ctx.report('expFar', range, `"exp" ${isoOf(exp.value)} is more than a year ahead.`, [setExp]);
    }
  }
  checkTimeClaims(ctx, config, nowS, exp);
  const alerts = prop(config, 'alert_types')?.valueNode;
  if (alerts?.type === 'array') {
    for (const item of alerts.items) {
      if (item.type === 'string' && (ALERT_TYPES as readonly string[]).includes(item.value)) continue;
      const text = item.type === 'string' ? item.value : '';
      const suggestion = closest(text, ALERT_TYPES);
      const fixes = suggestion
        ? [{ title: `Change to "${suggestion}"`, edits: [{ range: ctx.rangeOf(item), newText: JSON.stringify(suggestion) }], isPreferred: true }]
        : undefined;
      ctx.report('alertType', ctx.rangeOf(item), `Alert type ${show(item)} is not one of ${ALERT_TYPES.map((a) => `"${a}"`).join(', ')}.`, fixes);
    }
  }
  const policy = prop(config, 'delivery_policy')?.valueNode;
  if (policy?.type === 'string' && policy.value !== 'latest') {
    const range = ctx.rangeOf(policy);
    ctx.report('deliveryPolicy', range, `"delivery_policy" ${show(policy)} is not known; "latest" is the only documented value.`, [
      { title: 'Change to "latest"', edits: [{ range, newText: '"latest"' }], isPreferred: true },
    ]);
  }
  const preferTyped = prop(config, 'prefer_typed');
  if (!preferTyped) {
    const root = ctx.parsed.root;
    const anchor = ctx.parsed.shape === 'request' && isObject(root) ? prop(root, 'config')?.keyNode : undefined;
    const range = anchor ? ctx.rangeOf(anchor) : ctx.rangeOf({ offset: config.offset, length: 1 });
    ctx.report('preferTyped', range, 'Add "prefer_typed": true to receive typed values instead of strings.', [
      { title: 'Add "prefer_typed": true', edits: [addPropertyEdit(ctx.document, config, 'prefer_typed', 'true')], isPreferred: true },
    ]);
  } else {
    const below = vehiclesBelow(OPTION_FIRMWARE.prefer_typed, ctx.vehicleFirmware, configVins(ctx.parsed));
    if (below.length) {
      ctx.report(
        'firmwareTooOld',
        ctx.rangeOf(preferTyped.keyNode),
        `"prefer_typed" needs firmware ${OPTION_FIRMWARE.prefer_typed}+; older: ${describeShortfall(below)}.`,
      );
    }
  }
}
