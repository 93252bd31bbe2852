// Language server entry (dist/server.js). Transport from argv: --stdio, --node-ipc, --socket=N or --pipe=NAME.
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';

startServer(createConnection(ProposedFeatures.all));
