import assert from 'node:assert/strict';
import type { CompletionItem, TextEdit } from 'vscode-json-languageservice';
import { createTelemetryConfigService } from '../../../server/service/language-service';
import { doc, NOW_MS, NOW_S } from './helpers';

/** Completes at the `|` caret. */
function completeAt(textWithCaret: string): { items: CompletionItem[]; text: string } {
  const offset = textWithCaret.indexOf('|');
  const text = textWithCaret.slice(0, offset) + textWithCaret.slice(offset + 1);
  const document = doc(text);
  const list = createTelemetryConfigService({ now: () => NOW_MS }).complete(document, document.positionAt(offset));
  return { items: list.items, text };
}

function apply(text: string, edit: TextEdit): string {
  const document = doc(text);
  return text.slice(0, document.offsetAt(edit.range.start)) + edit.newText + text.slice(document.offsetAt(edit.range.end));
}

describe('server/service completion', () => {
  it('offers field names with type, unit, firmware and documentation', () => {
    const { items } = completeAt('{"hostname":"a.example.com","fields":{"|"}}');
    const speed = items.find((i) => i.label === 'VehicleSpeed');
    assert.ok(speed);
    assert.equal(speed.detail, 'number · mph');
    const charge = items.find((i) => i.label === 'DetailedChargeState')!;
    assert.equal(charge.detail, 'DetailedChargeStateValue · firmware 2024.38+');
    assert.match((charge.documentation as { value: string }).value, /DetailedChargeStateCharging/);
    assert.ok(!items.some((i) => i.label === 'Unknown' || i.label.startsWith('Deprecated_')));
    assert.ok(items.length > 200);
  });

  it('offers the fields of firmware 2026.32 (fleet-telemetry PR #546) with their firmware and client version', () => {
    const { items } = completeAt('{"hostname":"a.example.com","fields":{"|"}}');
    const gps = items.find((i) => i.label === 'GpsAccuracyMeters')!;
    assert.equal(gps.detail, 'number · m · firmware 2026.32+');
    const docs = (gps.documentation as { value: string }).value;
    assert.match(docs, /\(field 260\)/);
    assert.match(docs, /Minimum firmware: 2026\.32 \(telemetry client 1\.3\.0\)/);
    assert.equal(items.find((i) => i.label === 'RemoteStartActive')?.detail, 'boolean · firmware 2026.32+');
    assert.match((items.find((i) => i.label === 'SemiCruiseSpeedLimitMph')!.documentation as { value: string }).value, /Semi truck only/);
  });

  it('replaces a partial key and adds a rule snippet when no colon follows', () => {
    const { items, text } = completeAt('{"fields":{"VehSp|"}}');
    const speed = items.find((i) => i.label === 'VehicleSpeed')!;
    const edit = speed.textEdit as TextEdit;
    assert.equal(apply(text, edit), '{"fields":{"VehicleSpeed": { "interval_seconds": ${1:60} }}}');
    const again = completeAt('{"fields":{"VehSp|": {"interval_seconds": 5}}}');
    const edit2 = again.items.find((i) => i.label === 'VehicleSpeed')!.textEdit as TextEdit;
    assert.equal(apply(again.text, edit2), '{"fields":{"VehicleSpeed": {"interval_seconds": 5}}}');
  });

  it('does not offer fields already present', () => {
    const { items } = completeAt('{"fields":{"Soc":{"interval_seconds":1}, "|"}}');
    assert.ok(!items.some((i) => i.label === 'Soc'));
    assert.ok(items.some((i) => i.label === 'Odometer'));
  });

  it('offers top-level config keys (missing ones) and request keys in an empty document', () => {
    const bare = completeAt('{"hostname":"a.example.com", "|"}');
    const labels = bare.items.map((i) => i.label);
    assert.ok(labels.includes('port') && labels.includes('fields') && labels.includes('prefer_typed'));
    assert.ok(!labels.includes('hostname'));
    const empty = completeAt('{"|"}').items.map((i) => i.label);
    assert.ok(empty.includes('vins') && empty.includes('config') && empty.includes('hostname'));
    const request = completeAt('{"vins":[], "config": {"|"}}').items.map((i) => i.label);
    assert.ok(request.includes('hostname') && !request.includes('vins'));
  });

  it('offers field-rule keys inside a field', () => {
    const labels = completeAt('{"fields":{"Soc":{"|"}}}').items.map((i) => i.label);
    assert.deepEqual(labels.sort(), ['interval_seconds', 'minimum_delta', 'resend_interval_seconds']);
  });

  it('offers alert_types values not yet used, and other value snippets', () => {
    const alerts = completeAt('{"alert_types":["service", |]}').items.map((i) => i.label);
    assert.deepEqual(alerts.sort(), ['"customer"', '"service-fix"']);
    assert.deepEqual(
      completeAt('{"delivery_policy": |}').items.map((i) => i.label),
      ['"latest"'],
    );
    assert.deepEqual(
      completeAt('{"exp": |}').items.map((i) => i.label),
      [String(NOW_S + 365 * 86_400)],
    );
    assert.deepEqual(
      completeAt('{"port": |}').items.map((i) => i.label),
      ['443'],
    );
    assert.ok(completeAt('{"fields":{"Soc":{"interval_seconds": |}}}').items.some((i) => i.label === '60'));
  });

  it('returns an empty list outside known places', () => {
    assert.deepEqual(completeAt('{"hostname": "a|"}').items, []);
  });
});
