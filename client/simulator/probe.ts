import { readFile } from 'node:fs/promises';
import { Agent } from 'undici';
import type { SimulatorReady } from '../../core/messages/simulator-ready';
import { endpointOf, firstFailure, probeHttp, probeTcp, PROBE_TIMEOUT_MS, type ProbeResult } from '../process/probe';

/**
 * Does the simulator of this ready line still answer? Its auth port accepts a connection and every fleet host
 * answers `GET /status` with `ok` (Tesla's health check), over HTTPS trusting only the simulator's own CA.
 */
export async function probeSimulator(ready: SimulatorReady, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  let ca: string | undefined;
  if (ready.ca) {
    try {
      ca = await readFile(ready.ca, 'utf8');
    } catch (err) {
      return { ok: false, at: ready.auth, why: `its CA ${ready.ca} cannot be read (${err instanceof Error ? err.message : String(err)})` };
    }
  }
  const agent = new Agent({ connect: { ...(ca ? { ca } : {}), timeout: timeoutMs } });
  try {
    const auth = endpointOf(ready.auth);
    const fleets = [...new Set(Object.values(ready.fleet).filter((u): u is string => typeof u === 'string'))];
    const result = await firstFailure([
      probeTcp(auth.host, auth.port, timeoutMs).then((r) => (r.ok ? r : { ...r, at: ready.auth })),
      ...fleets.map((url) =>
        probeHttp(new URL('/status', url).toString(), {
          dispatcher: agent,
          timeoutMs,
          check: (status, body) => (status === 200 && body.trim() === 'ok' ? undefined : `GET /status answered ${status}, not the simulator's "ok"`),
        }).then((r) => (r.ok ? r : { ...r, at: url })),
      ),
    ]);
    return result;
  } finally {
    await agent.close().catch(() => undefined);
  }
}
