/** `fleetkit telemetry <subcommand>`: the Fleet Telemetry go-live steps without the editor. */
import { UsageError, type CliCommand, type CliIO } from '../../command';
import { checkServerSubcommand } from './check-server';
import { errorsSubcommand } from './errors';
import { historySubcommand } from './history';
import { pushSubcommand } from './push';
import { removeSubcommand } from './remove';
import { replaySubcommand } from './replay';
import { signSubcommand } from './sign';
import { statusSubcommand } from './status';

export interface TelemetrySubcommand {
  summary: string;
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}

/** Add a subcommand by adding one line here and a module beside this file. */
const SUBCOMMANDS: Record<string, TelemetrySubcommand> = {
  'check-server': checkServerSubcommand,
  errors: errorsSubcommand,
  history: historySubcommand,
  push: pushSubcommand,
  remove: removeSubcommand,
  replay: replaySubcommand,
  sign: signSubcommand,
  status: statusSubcommand,
};

const usage = (): string =>
  [
    'Usage: fleetkit telemetry <subcommand> [options]',
    '',
    ...Object.entries(SUBCOMMANDS)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, sub]) => `  ${name.padEnd(14)} ${sub.summary}`),
    '',
    'fleetkit telemetry <subcommand> --help shows its options.',
    '',
  ].join('\n');

export const telemetryCommand: CliCommand = {
  summary: 'Fleet Telemetry go-live: push, status, remove, errors, sign, check-server, replay; history',
  hasSubcommands: true,
  get usage() {
    return usage();
  },
  async run(args, io) {
    const [name, ...rest] = args;
    const sub = name ? SUBCOMMANDS[name] : undefined;
    if (!sub) throw new UsageError(name ? `unknown subcommand '${name}'\n${usage()}` : `a subcommand is required\n${usage()}`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(sub.usage.trimEnd() + '\n');
      return 0;
    }
    return sub.run(rest, io);
  },
};
