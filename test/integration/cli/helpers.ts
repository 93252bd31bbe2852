import { request, type Dispatcher } from 'undici';
import { runCli, type CliOptions, type CliResult } from '../../support/cli';

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

/**
 * `fleetkit auth login …` with a real HTTP client in the browser's place (actAsBrowser on the first URL it prints);
 * resolves when both are done. `browser` is undefined when the CLI printed no URL.
 */
export async function loginThroughBrowser(
  args: string[],
  opts: CliOptions,
  dispatcher: Dispatcher,
): Promise<CliResult & { browser?: { callbackStatus: number; callbackPage: string } }> {
  let browsed: Promise<{ callbackStatus: number; callbackPage: string }> | undefined;
  const result = await runCli(args, {
    ...opts,
    onStderr: (text) => {
      const url = printedUrl(text);
      if (url && !browsed) browsed = actAsBrowser(url, dispatcher);
    },
  });
  return { ...result, browser: await browsed };
}
