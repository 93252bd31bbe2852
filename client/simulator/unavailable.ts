import { TransportError } from '../../core/fleet-api/errors';

/**
 * A call for a simulator account while Fleetkit has no simulator linked (stopped, detached, not answering): nothing
 * was sent. It reads as a refused connection, so describeError (with `{ simulator: true }`) offers Start Simulator;
 * the message says which of those it is. Pure (no VS Code).
 */
export class SimulatorUnavailableError extends TransportError {
  constructor(message: string) {
    super(message, 'GET', '', false, { cause: Object.assign(new Error('no local simulator is linked'), { code: 'ECONNREFUSED' }) });
    this.name = 'SimulatorUnavailableError';
  }
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

/**
 * A raw connection failure (e.g. undici's ECONNREFUSED from the token endpoint during sign-in) as the TransportError
 * describeError understands; any other error is returned as it is.
 */
export function asTransportError(err: unknown): unknown {
  if (err instanceof TransportError || !(err instanceof Error)) return err;
  const withCode = [err, err.cause].find((e): e is Error & { code: string } => typeof (e as { code?: unknown } | undefined)?.code === 'string');
  if (!withCode || !CONNECT_CODES.has(withCode.code)) return err;
  return new TransportError(err.message, 'POST', '', false, { cause: withCode });
}
