import assert from 'node:assert/strict';
import { CompletionRequest, DidOpenTextDocumentNotification, HoverRequest, type CompletionList, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { buildBundles, startSession, type LspSession } from './client';

const URI = 'file:///tmp/fleetkit-lsp-test/fleet.alerts.json';
const TEXT = `{
  "rules": [
    { "name": "low-soc", "field": "Soc", "below": 20, "clearAbove": 18 },
    { "name": "charged", "field": "DetailedChargeState", "becomes": "DetailedChargeStateCompleet" }
  ]
}
`;

describe('LSP over stdio: *.alerts.json (JSON documents the server tells apart by name)', function () {
  let session: LspSession;

  before(async function () {
    this.timeout(120_000);
    buildBundles();
    session = await startSession(['dist/server.js', '--stdio']);
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'json', version: 1, text: TEXT } });
  });

  after(async () => {
    const code = await session.close();
    assert.equal(code, 0, `server exit code (stderr: ${session.stderr()})`);
  });

  it('publishes the rules problems: a band that cannot clear, an unknown enum value', async () => {
    const params = await session.diagnostics(URI);
    assert.deepEqual(
      params.diagnostics.map((d) => [d.code, d.range.start.line, d.message]),
      [
        ['alerts-band', 2, 'This alert can never clear: "clearAbove" (18) must be greater than "below" (20).'],
        [
          'alerts-unknown-value',
          3,
          '"DetailedChargeStateCompleet" is not a value of DetailedChargeState (DetailedChargeStateValue). Did you mean "DetailedChargeStateComplete"?',
        ],
      ],
    );
  });

  it('completes enum values and hovers field names', async () => {
    const list = (await session.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri: URI },
      position: { line: 3, character: TEXT.split('\n')[3].indexOf('"DetailedChargeStateCompleet"') + 2 },
    })) as CompletionList;
    assert.ok(
      list.items.some((i) => i.label === 'DetailedChargeStateComplete'),
      list.items.map((i) => i.label).join(),
    );
    const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 2, character: 34 } });
    assert.match((hover?.contents as MarkupContent).value, /\*\*Soc\*\*[\s\S]*Unit: %/);
  });
});
