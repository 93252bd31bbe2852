import * as vscode from 'vscode';
import type { Logger } from '../../core/log/logger';
import { parseCallbackParams, type CallbackResult } from '../../core/oauth/authorize';
import { CallbackError } from '../../core/oauth/errors';
import { createForwardState } from '../../core/oauth/forward-state';
import { startLoopbackServer } from '../../core/oauth/loopback-server';
import { createState, safeEqual } from '../../core/oauth/random';
import { prepareAuthorization, type AuthEndpoints, type PendingAuthorization } from '../../core/oauth/sign-in';
import { openInBrowser } from './open-browser';
import { CALLBACK_PATH, type UriEventHandler } from './uri-handler';

export const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export interface FlowInput {
  readonly endpoints: AuthEndpoints;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly promptMissingScopes: boolean;
  readonly loginHint?: string;
  readonly token: vscode.CancellationToken;
  readonly log: Logger;
}

export interface FlowOutput {
  readonly pending: PendingAuthorization;
  readonly callback: CallbackResult;
}

/** Cancelling the "Open external website?" dialog cancels the sign-in (no error: openInBrowser logs it). */
async function openBrowser(url: string, log: Logger): Promise<void> {
  if (!(await openInBrowser(url, log, 'Sign-in'))) throw new vscode.CancellationError();
}

/**
 * Browser → Tesla (or the simulator) → registered forwarding page → editor callback from `env.asExternalUri` →
 * our UriHandler. Works in desktop VS Code, remote windows and web hosts such as code-server.
 */
export async function runUriHandlerFlow(input: FlowInput, handler: UriEventHandler, extensionId: string): Promise<FlowOutput> {
  const internal = vscode.Uri.parse(`${vscode.env.uriScheme}://${extensionId}${CALLBACK_PATH}`);
  const external = await vscode.env.asExternalUri(internal);
  const state = createForwardState(external.toString(true));
  const pending = prepareAuthorization({ ...input, state });

  let abandon: () => void = () => undefined;
  const callback = new Promise<CallbackResult>((resolve, reject) => {
    const subs: vscode.Disposable[] = [];
    const finish = (fn: () => void) => {
      subs.forEach((d) => d.dispose());
      clearTimeout(timer);
      fn();
    };
    abandon = () => finish(() => reject(new vscode.CancellationError()));
    const timer = setTimeout(() => finish(() => reject(new CallbackError('Timed out waiting for the browser sign-in (5 minutes).'))), SIGN_IN_TIMEOUT_MS);
    subs.push(input.token.onCancellationRequested(() => finish(() => reject(new vscode.CancellationError()))));
    subs.push(
      handler.event((uri) => {
        if (uri.path !== CALLBACK_PATH) return;
        const params = new URLSearchParams(uri.query);
        // Another sign-in (another window, a second attempt) may be in flight: ignore callbacks that are not ours.
        if (!safeEqual(params.get('state'), state)) {
          input.log.warn('Ignored a sign-in callback whose state belongs to no pending sign-in in this window.');
          return;
        }
        try {
          const result = parseCallbackParams(params, state);
          finish(() => resolve(result));
        } catch (err) {
          finish(() => reject(err));
        }
      }),
    );
  });
  input.log.info(`Opening the browser for sign-in (redirect ${input.redirectUri})`);
  try {
    await openBrowser(pending.url, input.log);
  } catch (err) {
    // No callback will come: drop the listener and the 5-minute timer (the promise is not awaited any more).
    callback.catch(() => undefined);
    abandon();
    throw err;
  }
  return { pending, callback: await callback };
}

/** The fallback: a one-shot HTTP server on the registered loopback redirect URI. Local (desktop) windows only. */
export async function runLoopbackFlow(input: FlowInput): Promise<FlowOutput> {
  const abort = new AbortController();
  const sub = input.token.onCancellationRequested(() => abort.abort());
  const state = createState();
  try {
    const server = await startLoopbackServer({
      redirectUri: input.redirectUri,
      expectedState: state,
      timeoutMs: SIGN_IN_TIMEOUT_MS,
      signal: abort.signal,
    }).catch((err: unknown) => {
      throw new CallbackError(`Could not listen on ${input.redirectUri} for the sign-in callback (${err instanceof Error ? err.message : String(err)}).`);
    });
    try {
      const pending = prepareAuthorization({ ...input, redirectUri: server.redirectUri, state });
      input.log.info(`Opening the browser for sign-in (loopback ${server.redirectUri})`);
      try {
        await openBrowser(pending.url, input.log);
      } catch (err) {
        abort.abort(); // ends the server's wait (and its 5-minute timer)
        throw err;
      }
      const callback = await server.result;
      return { pending, callback };
    } finally {
      await server.close();
    }
  } catch (err) {
    if (abort.signal.aborted) throw new vscode.CancellationError();
    throw err;
  } finally {
    sub.dispose();
  }
}
