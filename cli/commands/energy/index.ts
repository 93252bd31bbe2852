/** `fleetkit energy <subcommand>`: Powerwall, solar and Wall Connector sites over the Fleet API. */
import { subcommandGroup, type Subcommand } from '../../subcommands';
import { backupSubcommand, gridImportExportSubcommand, offGridReserveSubcommand, operationSubcommand, stormModeSubcommand, touSubcommand } from './commands';
import { historySubcommand, infoSubcommand, listSubcommand, statusSubcommand } from './reads';

const SUBCOMMANDS: Record<string, Subcommand> = {
  list: listSubcommand,
  status: statusSubcommand,
  info: infoSubcommand,
  history: historySubcommand,
  backup: backupSubcommand,
  operation: operationSubcommand,
  'storm-mode': stormModeSubcommand,
  'grid-import-export': gridImportExportSubcommand,
  'off-grid-reserve': offGridReserveSubcommand,
  tou: touSubcommand,
};

export const energyCommand = subcommandGroup(
  'energy',
  'Energy sites: list, status, info, history; backup, operation, storm-mode, grid-import-export, off-grid-reserve, tou',
  SUBCOMMANDS,
  'Reads need the energy_device_data scope, commands energy_cmds (fleetkit auth login --scopes "… energy_device_data energy_cmds").',
);
