import { TextDocumentSyncKind, TextDocuments, type Connection, type InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createTelemetryConfigService } from '../service/language-service';
import { readVehicleFirmware, type TelemetryConfigServerInitOptions } from '../../core/messages/language-server';
import { readWorkbenchAccount } from '../../core/messages/language-server';
import { createWorkbenchService, WORKBENCH_LANGUAGE } from '../workbench/service';
import { createAlertsService, isAlertsDocument } from '../alerts/service';
import { VehicleFirmwareNotification, WorkbenchAccountNotification } from './protocol';

const DEFAULT_DEBOUNCE_MS = 200;

/**
 * Wires the language service to an LSP connection. The caller creates the connection (stdio, IPC, streams), so the
 * same server runs as `dist/server.js`, inside `fleetkit lsp`, and in tests.
 */
export function startServer(connection: Connection): void {
  const service = createTelemetryConfigService();
  // `*.tesla.http` request files (the request workbench) share the server; each document goes to its language's service.
  const workbench = createWorkbenchService();
  const isWorkbench = (document: TextDocument): boolean => document.languageId === WORKBENCH_LANGUAGE;
  // Alert rules files (`*.alerts.json`, plain JSON to the editor) too, told apart by their name.
  const alerts = createAlertsService();
  const isAlerts = (document: TextDocument): boolean => isAlertsDocument(document.uri);
  const documents = new TextDocuments(TextDocument);
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  let debounceMs = DEFAULT_DEBOUNCE_MS;

  const validateNow = (uri: string): void => {
    pending.delete(uri);
    const document = documents.get(uri);
    if (!document) return;
    try {
      const diagnostics = isWorkbench(document)
        ? workbench.validate(document.getText())
        : isAlerts(document)
          ? alerts.validate(document.getText())
          : service.validate(document);
      void connection.sendDiagnostics({ uri, version: document.version, diagnostics });
    } catch (err) {
      connection.console.error(`validation failed for ${uri}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const schedule = (uri: string, delay: number): void => {
    const previous = pending.get(uri);
    if (previous) clearTimeout(previous);
    pending.set(
      uri,
      setTimeout(() => validateNow(uri), delay),
    );
  };

  connection.onInitialize((params): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as TelemetryConfigServerInitOptions;
    service.setVehicleFirmware(readVehicleFirmware(init.vehicleFirmware));
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0) debounceMs = init.debounceMs;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['"', ':', ' ', '/', '?', '&', '=', '{', ';'] },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        documentSymbolProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
      },
      serverInfo: { name: 'fleetkit-telemetry-config' },
    };
  });

  connection.onNotification(VehicleFirmwareNotification.type, (params) => {
    service.setVehicleFirmware(readVehicleFirmware(params?.firmware));
    for (const document of documents.all()) schedule(document.uri, 0);
  });

  connection.onNotification(WorkbenchAccountNotification.type, (params) => {
    workbench.setAccount(readWorkbenchAccount(params));
  });

  documents.onDidOpen((e) => schedule(e.document.uri, 0));
  documents.onDidChangeContent((e) => schedule(e.document.uri, debounceMs));
  documents.onDidClose((e) => {
    const timer = pending.get(e.document.uri);
    if (timer) clearTimeout(timer);
    pending.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const withDocument = <T>(uri: string, fallback: T, run: (document: TextDocument) => T): T => {
    const document = documents.get(uri);
    if (!document) return fallback;
    try {
      return run(document);
    } catch (err) {
      connection.console.error(`request failed for ${uri}: ${err instanceof Error ? err.message : String(err)}`);
      return fallback;
    }
  };

  connection.onCompletion((p) =>
    withDocument(p.textDocument.uri, null, (d) =>
      isWorkbench(d)
        ? { isIncomplete: false, items: workbench.complete(d.getText(), p.position) }
        : isAlerts(d)
          ? { isIncomplete: false, items: alerts.complete(d.getText(), p.position) }
          : service.complete(d, p.position),
    ),
  );
  connection.onHover((p) =>
    withDocument(p.textDocument.uri, null, (d) =>
      isWorkbench(d) ? workbench.hover(d.getText(), p.position) : isAlerts(d) ? alerts.hover(d.getText(), p.position) : service.hover(d, p.position),
    ),
  );
  connection.onCodeAction((p) =>
    withDocument(p.textDocument.uri, [], (d) => (isWorkbench(d) || isAlerts(d) ? [] : service.codeActions(d, p.range, p.context.diagnostics))),
  );
  connection.onDocumentSymbol((p) => withDocument(p.textDocument.uri, [], (d) => (isWorkbench(d) || isAlerts(d) ? [] : service.symbols(d))));
  connection.onDocumentFormatting((p) => withDocument(p.textDocument.uri, [], (d) => (isWorkbench(d) ? [] : service.format(d, undefined, p.options))));
  connection.onDocumentRangeFormatting((p) => withDocument(p.textDocument.uri, [], (d) => (isWorkbench(d) ? [] : service.format(d, p.range, p.options))));

  connection.onShutdown(() => {
    for (const timer of pending.values()) clearTimeout(timer);
    pending.clear();
  });

  documents.listen(connection);
  connection.listen();
}
