/**
 * Waking a sleeping vehicle before a command: one unsigned `wake_up`, then poll `GET /vehicles/{vin}` (billed as
 * data, not as a wake) until `online`, repeating `wake_up` only every `wakeRetryMs` (Tesla allows a few wakes a minute).
 */
import { AsleepError } from './errors';
import type { CommandOutcome, CommandSender } from './outcome';
import type { RestCommandTransport } from './transport/types';

export interface WakeOptions {
  /** Between state polls. Default 2 s. */
  intervalMs?: number;
  /** Between repeated wake_up calls. Default 30 s. */
  wakeRetryMs?: number;
  /** Give up after this long. Default 60 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Progress callback (state after each call). */
  onState?: (state: string) => void;
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** Wakes `vin` and resolves once it reports `online`; returns the number of wake_up calls made. */
export async function wakeUntilOnline(transport: RestCommandTransport, vin: string, options: WakeOptions = {}): Promise<number> {
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 60_000);
  let wakes = 1;
  let lastWake = Date.now();
  let state = await transport.wakeUp(vin, options.signal);
  for (;;) {
    options.onState?.(state);
    if (state === 'online') return wakes;
    if (state === 'offline') throw new AsleepError(vin, 408);
    if (Date.now() + (options.intervalMs ?? 2000) > deadline) throw new AsleepError(vin, 408);
    await delay(options.intervalMs ?? 2000, options.signal);
    if (Date.now() - lastWake >= (options.wakeRetryMs ?? 30_000)) {
      wakes++;
      lastWake = Date.now();
      state = await transport.wakeUp(vin, options.signal);
    } else {
      state = await transport.vehicleState(vin, options.signal);
    }
  }
}

/**
 * Sends a command; if the car is asleep and `wake` allows it (a boolean, or a prompt such as "Wake the car? It is
 * billed as a wake"), wakes it through `transport` and sends once more.
 */
export async function sendWaking(
  sender: CommandSender,
  transport: RestCommandTransport,
  vin: string,
  command: string,
  params: unknown,
  wake: boolean | (() => Promise<boolean>),
  options: WakeOptions = {},
): Promise<CommandOutcome & { woke: boolean }> {
  try {
    return { ...(await sender.send(vin, command, params, options.signal)), woke: false };
  } catch (err) {
    if (!(err instanceof AsleepError) || command === 'wake_up') throw err;
    const agreed = typeof wake === 'function' ? await wake() : wake;
    if (!agreed) throw err;
    await wakeUntilOnline(transport, vin, options);
    return { ...(await sender.send(vin, command, params, options.signal)), woke: true };
  }
}
