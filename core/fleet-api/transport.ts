import { Agent, type Dispatcher } from 'undici';

export interface DispatcherOptions {
  /**
   * Extra CA certificate(s) (PEM) to trust. When given, ONLY these are trusted, so pass it only for
   * a dispatcher that talks to the local simulator; Tesla's hosts use the system roots.
   */
  ca?: string | Buffer | Array<string | Buffer>;
  /** TCP + TLS connect timeout. */
  connectTimeoutMs?: number;
  /** How long an idle pooled socket is kept (keep-alive). */
  keepAliveTimeoutMs?: number;
  /** Max sockets per origin. */
  connections?: number;
}

/** A keep-alive connection pool for Fleet API origins. The owner closes it (`await dispatcher.close()`). */
export function createFleetDispatcher(options: DispatcherOptions = {}): Dispatcher {
  return new Agent({
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    keepAliveMaxTimeout: 10 * 60_000,
    connections: options.connections ?? 6,
    pipelining: 1,
    connect: {
      timeout: options.connectTimeoutMs ?? 10_000,
      ...(options.ca ? { ca: options.ca } : {}),
    },
  });
}
