import { createServer, type AddressInfo } from 'node:net';

/** A loopback port nothing listens on right now (bound, read, released): for a server to start on, or to be refused. */
export function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
