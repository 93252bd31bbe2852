import { version } from '../package.json';
import { UsageError, type CliIO } from './command';
import { COMMANDS } from './commands/index';

function helpText(): string {
  const names = Object.keys(COMMANDS).sort();
  const width = Math.max(8, ...names.map((n) => n.length));
  const rows = names.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n].summary}`);
  return [
    `fleetkit ${version} — Tesla Fleet API toolkit`,
    '',
    'Usage: fleetkit <command> [options]',
    '       fleetkit <command> --help',
    '',
    'Commands:',
    ...(rows.length ? rows : ['  (none)']),
    '',
    'Options:',
    '  -h, --help     show this help',
    '  -v, --version  print the version',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    if (topic && COMMANDS[topic]) {
      io.stdout.write(COMMANDS[topic].usage.trimEnd() + '\n');
      return 0;
    }
    (first === undefined ? io.stderr : io.stdout).write(helpText());
    return first === undefined ? 2 : 0;
  }
  if (first === '-v' || first === '--version') {
    io.stdout.write(`${version}\n`);
    return 0;
  }
  const command = COMMANDS[first];
  if (!command) {
    io.stderr.write(`fleetkit: unknown command '${first}'. Run 'fleetkit --help' for the list.\n`);
    return 2;
  }
  const subcommandHelp = command.hasSubcommands && rest[0] !== undefined && !rest[0].startsWith('-');
  if (!subcommandHelp && (rest.includes('--help') || rest.includes('-h'))) {
    io.stdout.write(command.usage.trimEnd() + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`fleetkit ${first}: ${err.message}\n`);
      return err.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`fleetkit ${first}: ${message}\n`);
    if (io.env.FLEETKIT_DEBUG && err instanceof Error && err.stack) io.stderr.write(err.stack + '\n');
    return 1;
  }
}

/** Runs the CLI as a process: argv from the command line, Ctrl-C aborts `io.signal` (twice exits at once). */
export function runCli(): void {
  const controller = new AbortController();
  const stop = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal }).then(
    (code) => {
      process.exitCode = code;
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
    },
    (err: unknown) => {
      process.stderr.write(`fleetkit: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) runCli();
