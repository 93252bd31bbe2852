import assert from 'node:assert/strict';
import {
  CompletionRequest,
  DidOpenTextDocumentNotification,
  HoverRequest,
  NotificationType,
  type CompletionItem,
  type CompletionList,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { WORKBENCH_ACCOUNT_NOTIFICATION, type WorkbenchAccount } from '../../../core/messages/language-server';
import { buildBundles, startSession, type LspSession } from './client';

const URI = 'file:///tmp/fleetkit-lsp-test/requests.tesla.http';
const VIN = '5YJ3E1EA8KF000001';
const TEXT = `### a path Tesla does not have
GET /api/1/vehicles/{vin}/not_a_thing

###
POST /api/1/vehicles/{vin}/wake_up

###
GET /api/1/vehicles/
`;
const WorkbenchAccountNotification = new NotificationType<WorkbenchAccount>(WORKBENCH_ACCOUNT_NOTIFICATION.method);

/** The request workbench's language features through the real language server bundle over stdio, as the editor gets them. */
describe('LSP over stdio: *.tesla.http request files (node dist/server.js --stdio)', function () {
  let session: LspSession;

  before(async function () {
    this.timeout(120_000);
    buildBundles();
    session = await startSession(['dist/server.js', '--stdio']);
    await session.connection.sendNotification(WorkbenchAccountNotification, { vehicles: [{ id: VIN, name: 'Commuter' }], sites: [] });
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: URI, languageId: 'tesla-http', version: 1, text: TEXT },
    });
  });

  after(async () => {
    const code = await session.close();
    assert.equal(code, 0, `server exit code (stderr: ${session.stderr()})`);
  });

  it('publishes the endpoint-table diagnostics (and none of the telemetry config rules)', async () => {
    const { diagnostics } = await session.diagnostics(URI);
    assert.deepEqual(
      diagnostics.map((d) => [d.range.start.line, (typeof d.message === 'string' ? d.message : d.message.value).replace(/:.*/, '')]),
      [[1, "/api/1/vehicles/{vin}/not_a_thing is not in Fleetkit's endpoint table"]],
    );
  });

  it('completes the VINs the extension sent, and the table’s paths', async () => {
    const res = (await session.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri: URI },
      position: { line: 7, character: 20 },
    })) as CompletionList;
    const labels = res.items.map((i: CompletionItem) => i.label);
    assert.equal(labels[0], VIN);
    assert.ok(labels.includes('/api/1/vehicles/{vin}/vehicle_data'));
  });

  it('hovers a request with its cost and that it wakes the car', async () => {
    const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 4, character: 10 } });
    const md = (hover?.contents as MarkupContent).value;
    assert.match(md, /Cost: wakes, \$0\.02 per call/);
    assert.match(md, /\*\*wakes the car\*\*/);
  });
});
