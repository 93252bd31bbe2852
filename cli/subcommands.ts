/** A `fleetkit <group> <subcommand>` command from a table of subcommands (auth, partner). */
import { UsageError, type CliCommand, type CliIO } from './command';

export interface Subcommand {
  readonly summary: string;
  readonly usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}

export function subcommandGroup(group: string, summary: string, table: Readonly<Record<string, Subcommand>>, footer = ''): CliCommand {
  const usage = (): string =>
    [
      `Usage: fleetkit ${group} <subcommand> [options]`,
      '',
      ...Object.entries(table)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, sub]) => `  ${name.padEnd(12)} ${sub.summary}`),
      '',
      `fleetkit ${group} <subcommand> --help shows its options.${footer ? `\n${footer}` : ''}`,
      '',
    ].join('\n');
  return {
    summary,
    hasSubcommands: true,
    get usage() {
      return usage();
    },
    async run(args, io) {
      const [name, ...rest] = args;
      const sub = name !== undefined && Object.hasOwn(table, name) ? table[name] : undefined;
      if (!sub) throw new UsageError(name ? `unknown subcommand '${name}'\n${usage()}` : `a subcommand is required\n${usage()}`);
      if (rest.includes('--help') || rest.includes('-h')) {
        io.stdout.write(sub.usage.trimEnd() + '\n');
        return 0;
      }
      return sub.run(rest, io);
    },
  };
}
