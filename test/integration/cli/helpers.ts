import { createServer } from 'node:net';
import { PassThrough } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { main } from '../../../cli/main';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs `fleetkit ARGS` in-process with its own env; `onStderr` sees stderr as it grows (to act as the browser). */
export async function runCli(args: string[], env: NodeJS.ProcessEnv, opts: { now?: () => number; onStderr?: (text: string) => void; signal?: AbortSignal } = {}): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => {
    err += c.toString();
    opts.onStderr?.(err);
  });
  const code = await main(args, { stdout, stderr, env, signal: opts.signal ?? new AbortController().signal, ...(opts.now ? { now: opts.now } : {}) });
  return { code, out, err };
}

export async function freePort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

/**
 * What a browser does with the sign-in URL the CLI printed: GET the authorize URL (the simulator auto-consents and
 * answers 302 to the redirect URI), then follow that redirect to the CLI's loopback server.
 */
export async function actAsBrowser(authorizeUrl: string, dispatcher: Dispatcher): Promise<{ callbackStatus: number; callbackPage: string }> {
  const auth = await request(authorizeUrl, { dispatcher });
  await auth.body.text();
  if (auth.statusCode !== 302) throw new Error(`authorize answered ${auth.statusCode}`);
  const location = String(auth.headers.location);
  const cb = await request(location);
  return { callbackStatus: cb.statusCode, callbackPage: await cb.body.text() };
}

/** The URL the CLI printed for the user to open (the first http(s) URL on an indented line). */
export function printedUrl(stderr: string): string | undefined {
  return /^\s+(https?:\/\/\S+)$/m.exec(stderr)?.[1];
}
