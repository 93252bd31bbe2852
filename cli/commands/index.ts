import type { CliCommand } from '../command';
import { alertsCommand } from './alerts';
import { apiCommand } from './api';
import { authCommand } from './auth/index';
import { bridgeCommand } from './bridge';
import { certsCommand } from './certs';
import { chargingCommand } from './charging';
import { checkCommand } from './check';
import { commandCommand } from './command';
import { doctorCommand } from './doctor';
import { energyCommand } from './energy/index';
import { keysCommand } from './keys';
import { lintCommand } from './lint';
import { lspCommand } from './lsp';
import { partnerCommand } from './partner/index';
import { simCommand } from './sim';
import { telemetryCommand } from './telemetry/index';

/**
 * The subcommand table. Add a command by adding one line here and a module beside this file.
 * Keys are what the user types: `fleetkit <key> …`.
 */
export const COMMANDS: Record<string, CliCommand> = {
  alerts: alertsCommand,
  api: apiCommand,
  auth: authCommand,
  bridge: bridgeCommand,
  certs: certsCommand,
  charging: chargingCommand,
  check: checkCommand,
  command: commandCommand,
  doctor: doctorCommand,
  energy: energyCommand,
  keys: keysCommand,
  lint: lintCommand,
  lsp: lspCommand,
  partner: partnerCommand,
  sim: simCommand,
  telemetry: telemetryCommand,
};
