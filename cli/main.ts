import { version } from '../package.json';
import { CLI_HINTS, describeError } from '../core/errors/describe-error';
import { stopOnSignals } from '../core/process/signals';
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
    '  --json         with any command: failures (usage errors too) are one JSON object on stdout,',
    '                 {"ok":false,"error":…,"message":…,"hints":[…]}, with a non-zero exit code',
    '',
  ].join('\n');
}

/** `--json` among the options (not after `--`): the caller reads stdout as JSON, failures included. */
export function wantsJson(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).includes('--json');
}

export interface CliFailure {
  error: string;
  message: string;
  hints: string[];
  exitCode: number;
  txid?: string;
}

/** Any error as what the CLI reports: usage errors as they are, the rest through describeError + CLI_HINTS. Pure. */
export function describeFailure(err: unknown, command: string | undefined): CliFailure {
  if (err instanceof UsageError) {
    return {
      error: 'UsageError',
      message: err.message,
      hints: [command ? `fleetkit ${command} --help shows the options` : 'fleetkit --help lists the commands'],
      exitCode: err.exitCode,
    };
  }
  const d = describeError(err);
  return {
    error: err instanceof Error ? err.name : 'Error',
    message: d.message,
    hints: d.actions.map((a) => CLI_HINTS[a]),
    exitCode: 1,
    ...(d.txid ? { txid: d.txid } : {}),
  };
}

function reportFailure(io: CliIO, json: boolean, command: string | undefined, f: CliFailure): number {
  if (json) io.stdout.write(JSON.stringify({ ok: false, error: f.error, message: f.message, hints: f.hints, ...(f.txid ? { txid: f.txid } : {}) }) + '\n');
  const hints = f.error === 'UsageError' ? [] : f.hints.filter((h) => !(io.env.FLEETKIT_DEBUG && h === CLI_HINTS.showLog));
  io.stderr.write(`fleetkit${command ? ` ${command}` : ''}: ${f.message}\n${hints.map((h) => `  → ${h}\n`).join('')}`);
  return f.exitCode;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  // `fleetkit --json <command> …` is `fleetkit <command> … --json`.
  if (argv[0] === '--json') argv = [...argv.slice(1), '--json'];
  const json = wantsJson(argv);
  const [first, ...rest] = argv;
  if (first === '--json') return reportFailure(io, true, undefined, describeFailure(new UsageError('a command is required'), undefined));
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
  const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (!command) {
    return reportFailure(io, json, undefined, describeFailure(new UsageError(`unknown command '${first}'. Run 'fleetkit --help' for the list.`), undefined));
  }
  const subcommandHelp = command.hasSubcommands && rest[0] !== undefined && !rest[0].startsWith('-');
  if (!subcommandHelp && (rest.includes('--help') || rest.includes('-h'))) {
    io.stdout.write(command.usage.trimEnd() + '\n');
    return 0;
  }
  // Commands whose stdout is JSON anyway accept --json and ignore it.
  const end = rest.indexOf('--');
  const args = command.alwaysJson ? rest.filter((a, i) => a !== '--json' || (end >= 0 && i > end)) : rest;
  try {
    return await command.run(args, io);
  } catch (err) {
    const code = reportFailure(io, json, first, describeFailure(err, first));
    if (io.env.FLEETKIT_DEBUG && err instanceof Error && !(err instanceof UsageError) && err.stack) io.stderr.write(err.stack + '\n');
    return code;
  }
}

/** Runs the CLI as a process: argv from the command line, Ctrl-C aborts `io.signal` (twice exits at once). */
export function runCli(): void {
  const stop = stopOnSignals();
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: stop.signal }).then(
    (code) => {
      process.exitCode = code;
      stop.dispose();
    },
    (err: unknown) => {
      process.stderr.write(`fleetkit: ${String(err)}\n`);
      process.exitCode = 1;
      stop.dispose();
    },
  );
}

if (require.main === module) runCli();
