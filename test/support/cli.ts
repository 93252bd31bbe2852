/** Runs `fleetkit` in-process (cli/main.ts) with its stdout and stderr collected, as the CLI tests read them. */
import { PassThrough } from 'node:stream';
import type { CliIO } from '../../cli/command';
import { main } from '../../cli/main';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export interface CliOptions {
  /** The command's whole environment; default empty, so nothing of whoever runs the tests is read. */
  env?: NodeJS.ProcessEnv;
  /** The CLI's clock (tests keep it in step with the simulator's). */
  now?: () => number;
  /** Stops a long-running command (`bridge`, `sim`); default a signal that never fires. */
  signal?: AbortSignal;
  /** Sees all of stderr so far each time it grows (to act as the browser on a URL the CLI printed). */
  onStderr?: (text: string) => void;
}

/** A stream whose text is collected as it is written. */
export function textSink(onText?: (text: string) => void): { stream: PassThrough; text(): string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => {
    text += c.toString();
    onText?.(text);
  });
  return { stream, text: () => text };
}

/** The CLI's streams, collected: for a command whose output is read while it runs, pass `io` to main and read out()/err(). */
export function cliIo(opts: CliOptions = {}): { io: CliIO; out(): string; err(): string } {
  const stdout = textSink();
  const stderr = textSink(opts.onStderr);
  const io: CliIO = {
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: opts.env ?? {},
    signal: opts.signal ?? new AbortController().signal,
    ...(opts.now ? { now: opts.now } : {}),
  };
  return { io, out: stdout.text, err: stderr.text };
}

/** `fleetkit ARGS` to its end: the exit code and everything it wrote. */
export async function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const t = cliIo(opts);
  const code = await main(args, t.io);
  return { code, out: t.out(), err: t.err() };
}
