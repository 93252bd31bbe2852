import assert from 'node:assert/strict';
import {
  CodeActionRequest,
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  HoverRequest,
  type CompletionList,
  type Diagnostic,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { buildBundles, startSession, VehicleFirmwareNotification, type LspSession } from './client';

const URI = 'file:///tmp/fleetkit-lsp-test/bad.telemetry.json';
const VIN = '5YJ3E1EA8KF000001';
const MISTAKES = `{
  // tolerated, with a warning
  "vins": ["${VIN}"],
  "config": {
    "hostname": "telemetry.example.com",
    "port": "443",
    "ca": "not a certificate",
    "fields": {
      "VehicleSped": { "interval_seconds": 10 },
      "Soc": { "interval_seconds": 60 },
      "MilesSinceReset": { "interval_seconds": 600 }
    }
  }
}
`;

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code));
}

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length - 1;
}

for (const [label, args] of [
  ['node dist/server.js --stdio', ['dist/server.js', '--stdio']],
  ['node dist/cli.js lsp --stdio', ['dist/cli.js', 'lsp', '--stdio']],
] as const) {
  describe(`LSP over stdio: ${label}`, function () {
    let session: LspSession;

    before(async function () {
      this.timeout(120_000);
      buildBundles();
      session = await startSession([...args]);
      await session.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri: URI, languageId: 'fleet-telemetry-config', version: 1, text: MISTAKES },
      });
    });

    after(async () => {
      const code = await session.close();
      assert.equal(code, 0, `server exit code (stderr: ${session.stderr()})`);
    });

    it('publishes diagnostics with stable codes and exact ranges on didOpen', async () => {
      const params = await session.diagnostics(URI);
      assert.equal(params.version, 1);
      const list = codes(params.diagnostics);
      for (const code of ['FT002', 'FT202', 'FT220', 'FT101', 'FT260', 'FT270']) assert.ok(list.includes(code), `${code} in ${list.join(',')}`);
      const port = params.diagnostics.find((d) => d.code === 'FT202')!;
      assert.deepEqual(port.range, { start: { line: lineOf(MISTAKES, '"port"'), character: 12 }, end: { line: lineOf(MISTAKES, '"port"'), character: 17 } });
      assert.equal(port.severity, 1);
      assert.equal(port.source, 'fleetkit');
    });

    it('completes field names with type and documentation', async () => {
      const line = lineOf(MISTAKES, '"Soc"');
      const result = (await session.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri: URI },
        position: { line, character: 7 },
      })) as CompletionList;
      const odometer = result.items.find((i) => i.label === 'Odometer');
      assert.ok(odometer, 'Odometer offered');
      assert.equal(odometer.detail, 'number · mi');
      assert.match((odometer.documentation as MarkupContent).value, /field 5/);
    });

    it('hovers a field name', async () => {
      const line = lineOf(MISTAKES, '"MilesSinceReset"');
      const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line, character: 10 } });
      assert.match((hover!.contents as MarkupContent).value, /Minimum firmware: 2025\.44\.25\.5/);
    });

    it('offers quick fixes for the diagnostics in a range', async () => {
      const params = await session.diagnostics(URI);
      const port = params.diagnostics.find((d) => d.code === 'FT202')!;
      const actions = await session.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: URI },
        range: port.range,
        context: { diagnostics: [port] },
      });
      const convert = actions!.find((a) => a.title === 'Convert port to a number');
      assert.ok(convert && 'edit' in convert);
      assert.deepEqual(convert.edit!.changes![URI], [{ range: port.range, newText: '443' }]);
      const typo = params.diagnostics.find((d) => d.code === 'FT101')!;
      const renames = await session.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: URI },
        range: typo.range,
        context: { diagnostics: [typo] },
      });
      assert.equal(renames![0].title, 'Change to "VehicleSpeed"');
    });

    it('outlines the document', async () => {
      const symbols = (await session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: URI } })) as Array<{ name: string }>;
      assert.deepEqual(
        symbols.map((s) => s.name),
        ['vins', 'config'],
      );
    });

    it('re-validates after a change (debounced) and after a vehicle-firmware notification', async () => {
      const fixed = MISTAKES.replace('"443"', '443').replace('VehicleSped', 'VehicleSpeed');
      await session.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: URI, version: 2 },
        contentChanges: [{ text: fixed }],
      });
      const after = await session.diagnostics(URI, (p) => p.version === 2);
      assert.ok(!codes(after.diagnostics).includes('FT202'));
      assert.ok(!codes(after.diagnostics).includes('FT101'));
      assert.ok(!codes(after.diagnostics).includes('FT120'));
      await session.connection.sendNotification(VehicleFirmwareNotification, { firmware: { [VIN]: '2025.2.6' } });
      const withFirmware = await session.diagnostics(URI, (p) => codes(p.diagnostics).includes('FT120'));
      const old = withFirmware.diagnostics.find((d) => d.code === 'FT120')!;
      assert.ok(typeof old.message === 'string', 'a plain-text message (LSP 3.18 also allows MarkupContent)');
      assert.match(old.message, /MilesSinceReset/);
    });

    it('survives garbage documents and keeps answering', async () => {
      const garbage = 'file:///tmp/fleetkit-lsp-test/garbage.telemetry.json';
      await session.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri: garbage, languageId: 'fleet-telemetry-config', version: 1, text: '{"config": {"fields": {"\u0000": [}}, ]]]' + '{'.repeat(5000) },
      });
      const params = await session.diagnostics(garbage);
      assert.ok(codes(params.diagnostics).includes('FT001'));
      const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: garbage }, position: { line: 0, character: 3 } });
      assert.match((hover!.contents as MarkupContent).value, /\*\*config\*\*/);
    });
  });
}
