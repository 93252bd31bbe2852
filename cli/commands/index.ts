import type { CliCommand } from '../command';

/**
 * The subcommand table. Add a command by adding one line here and a module beside this file.
 * Keys are what the user types: `fleetkit <key> …`.
 */
export const COMMANDS: Record<string, CliCommand> = {};
