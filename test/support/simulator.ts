/** Simulator set-ups several suites share: surfaces swapped for configured ones, a loopback redirect URI, the ready file. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultWorld, type RunningSimulator, type Surface, type WorldConfig } from '../../simulator/index';
import { SURFACES } from '../../simulator/surfaces';
import { freePort } from './net';

/** Every surface the simulator serves, each of `replacements` in place of the one of its name. */
export function replaceSurfaces(...replacements: Surface[]): Surface[] {
  return SURFACES.map((s) => replacements.find((r) => r.name === s.name) ?? s);
}

/** The default world whose app also allows a loopback redirect URI on a free port, as a loopback sign-in uses. */
export async function worldWithLoopbackRedirect(): Promise<{ world: WorldConfig; redirectUri: string }> {
  const redirectUri = `http://127.0.0.1:${await freePort()}/callback`;
  const world = defaultWorld();
  world.app.redirectUris = [...world.app.redirectUris, redirectUri];
  return { world, redirectUri };
}

/** Writes the simulator's CA (sim-ca.pem) and its ready line pointing at it (ready.json) into `dir`, for `--simulator FILE`. */
export async function writeReadyFile(dir: string, sim: RunningSimulator): Promise<{ caFile: string; readyFile: string }> {
  const caFile = join(dir, 'sim-ca.pem');
  const readyFile = join(dir, 'ready.json');
  await writeFile(caFile, sim.caPem!);
  await writeFile(readyFile, JSON.stringify({ ...sim.ready, ca: caFile }) + '\n');
  return { caFile, readyFile };
}
