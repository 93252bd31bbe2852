import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createTelemetryConfigService } from '../../../server/service/language-service';
import { config, doc, json, NOW_MS } from './helpers';

/** Runs every service entry point on `text` at a few positions; any exception fails the property. */
function exercise(text: string): void {
  const service = createTelemetryConfigService({ now: () => NOW_MS, vehicleFirmware: { '5YJ3E1EA8KF000001': '2024.20.1' } });
  const document = doc(text);
  const diagnostics = service.validate(document);
  for (const d of diagnostics) {
    assert.ok(d.range.start.line <= d.range.end.line);
    assert.match(d.code, /^FT\d{3}$/);
    assert.notEqual(d.code, 'FT000', `internal error: ${d.message}`);
  }
  const positions = [0, Math.floor(text.length / 2), text.length].map((o) => document.positionAt(o));
  for (const p of positions) {
    service.complete(document, p);
    service.hover(document, p);
  }
  service.codeActions(document, { start: document.positionAt(0), end: document.positionAt(text.length) }, diagnostics);
  service.symbols(document);
  service.format(document, undefined, { tabSize: 2, insertSpaces: true });
}

describe('server/service never throws (fast-check)', function () {
  // Hundreds of full validations per property; generous for a shared 2-core machine.
  this.timeout(60_000);

  it('random strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => exercise(s)),
      { numRuns: 300 },
    );
  });

  it('random JSON values, bare and wrapped as {vins, config}', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), (s) => {
        exercise(s);
        exercise(`{"vins": ["5YJ3E1EA8KF000001"], "config": ${s}}`);
        exercise(`{"hostname":"a.example.com","fields": ${s}}`);
      }),
      { numRuns: 200 },
    );
  });

  it('config-shaped objects with random values in every slot', () => {
    const anyValue = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom('443', 'https://x.example.com', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'),
    );
    const shaped = fc.record({
      hostname: anyValue,
      port: anyValue,
      ca: anyValue,
      exp: anyValue,
      alert_types: anyValue,
      fields: fc.dictionary(
        fc.constantFrom('Soc', 'Location', 'Gear', 'Deprecated_1', 'Sooc', '', '__proto__', 'constructor'),
        fc.record({ interval_seconds: anyValue, minimum_delta: anyValue }),
      ),
    });
    fc.assert(
      fc.property(shaped, (obj) => exercise(JSON.stringify(obj))),
      { numRuns: 200 },
    );
  });

  it('every truncation and a few byte flips of a full config', () => {
    const text = json({ vins: ['5YJ3E1EA8KF000001'], config: config() });
    for (let i = 0; i <= text.length; i += 7) exercise(text.slice(0, i));
    fc.assert(
      fc.property(fc.nat(text.length - 1), fc.constantFrom('"', '{', '}', ',', ':', '/', '\\', '\u0000', '\n'), (i, c) =>
        exercise(text.slice(0, i) + c + text.slice(i + 1)),
      ),
      { numRuns: 200 },
    );
  });
});
