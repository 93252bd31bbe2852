/** One `fleetkit <name>` subcommand. Modules under cli/commands/ export one each. */
export interface CliCommand {
  /** One line for `fleetkit --help`. */
  readonly summary: string;
  /** Full usage text for `fleetkit <name> --help`. */
  readonly usage: string;
  /** `fleetkit <name> <sub> --help` is the subcommand's to answer (the command prints its own usage). */
  readonly hasSubcommands?: boolean;
  /** Its stdout is JSON whatever the flags (ready lines, key paths): `--json` is accepted and changes nothing. */
  readonly alwaysJson?: boolean;
  /** Runs the command; resolves to the process exit code. Long-running commands resolve when stopped. */
  run(args: string[], io: CliIO): Promise<number>;
}

export interface CliIO {
  /** Machine-readable output (JSON lines, reports). */
  stdout: NodeJS.WritableStream;
  /** Human-readable progress and logs. */
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Fires when the user asks the process to stop (SIGINT/SIGTERM). */
  signal: AbortSignal;
  /** Clock for token-expiry decisions (default Date.now); tests move it along with the simulator's. */
  now?: () => number;
}

/** An error whose message is meant for the user as is; the CLI prints it without a stack and exits with `exitCode`. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
