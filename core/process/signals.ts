/**
 * How Fleetkit's Node entry points (the `fleetkit` CLI, dist/bridge.js) stop: Ctrl-C or SIGTERM aborts a signal the
 * running command watches, so it can shut down cleanly; a second one exits at once.
 */

export interface ProcessStop {
  /** Aborted by the first SIGINT/SIGTERM. */
  readonly signal: AbortSignal;
  /** Removes the handlers (when the command has finished). */
  dispose(): void;
}

export function stopOnSignals(): ProcessStop {
  const controller = new AbortController();
  const stop = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return {
    signal: controller.signal,
    dispose() {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
    },
  };
}

/** Resolves when `signal` aborts (at once if it already has): what a long-running command waits on. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
