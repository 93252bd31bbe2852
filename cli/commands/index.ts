import type { CliCommand } from '../command';
import { bridgeCommand } from './bridge';
import { certsCommand } from './certs';
import { checkCommand } from './check';
import { commandCommand } from './command';
import { doctorCommand } from './doctor';
import { keysCommand } from './keys';
import { lintCommand } from './lint';
import { lspCommand } from './lsp';
import { simCommand } from './sim';
import { telemetryCommand } from './telemetry/index';

/**
 * The subcommand table. Add a command by adding one line here and a module beside this file.
 * Keys are what the user types: `fleetkit <key> …`.
 */
export const COMMANDS: Record<string, CliCommand> = {
  bridge: bridgeCommand,
  certs: certsCommand,
  check: checkCommand,
  command: commandCommand,
  doctor: doctorCommand,
  keys: keysCommand,
  lint: lintCommand,
  lsp: lspCommand,
  sim: simCommand,
  telemetry: telemetryCommand,
};
