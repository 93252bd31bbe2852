import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../../server/lsp/server';
import { UsageError, type CliCommand } from '../command';
import { untilAborted } from '../../core/process/signals';

export const lspCommand: CliCommand = {
  summary: 'Run the Fleet Telemetry config language server over stdio (for any LSP client)',
  usage: `Usage: fleetkit lsp --stdio

Runs the same language server as the extension (dist/server.js) in this process, speaking LSP on
stdin/stdout. Point another editor's LSP client at it for *.telemetry.json files.
`,
  async run(args, io) {
    if (!args.includes('--stdio')) throw new UsageError('only --stdio is supported: fleetkit lsp --stdio');
    const unknown = args.filter((a) => a !== '--stdio');
    if (unknown.length) throw new UsageError(`unknown option '${unknown[0]}'`);
    const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
    startServer(connection);
    // The LSP `exit` notification ends the process; otherwise stop when stdin closes or on Ctrl-C.
    await Promise.race([new Promise((resolve) => process.stdin.once('end', resolve)), untilAborted(io.signal)]);
    return 0;
  },
};
