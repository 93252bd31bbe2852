import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { bridgeBundleOptions } from '../../../bench/bridge-bundle';
import type { VehicleStreamer } from '../../../core/telemetry-wire';
import { SPOOL_FILE_PATTERN } from '../../../telemetry-bridge';
import { freePort } from '../../support/net';
import { makePki, tempDir, vehicleFor, waitFor, type Pki } from './helpers';

const root = join(__dirname, '..', '..', '..');
const bundle = join(root, 'dist', 'bridge.js');

/** Builds dist/bridge.js the way esbuild.mjs does (only this entry, plus the Tesla CA bundles it reads beside itself). */
async function buildBridgeBundle(): Promise<void> {
  cpSync(join(root, 'telemetry-bridge', 'certs', 'tesla-vehicle-ca'), join(root, 'dist', 'tesla-vehicle-ca'), {
    recursive: true,
    filter: (src) => !src.endsWith('.md'),
  });
  await esbuild.build({
    ...bridgeBundleOptions(root),
    entryPoints: [join(root, 'telemetry-bridge', 'main.ts')],
    outfile: bundle,
    minify: false,
    sourcemap: 'linked',
    sourcesContent: false,
  });
}

function startChild(config: string): Promise<{ child: ChildProcess; ready: { port: number; pid: number } }> {
  const child = spawn(process.execPath, [bundle, '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d) => (err += String(d)));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += String(d);
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve({ child, ready: JSON.parse(out.slice(0, nl)) as { port: number; pid: number } });
    });
    child.once('exit', (code) => reject(new Error(`bridge exited early (${code}): ${err}`)));
  });
}

/** txids in the spool; a torn last line of a file (the process was killed mid-write) is skipped. */
function spooledTxids(dir: string): Set<string> {
  const out = new Set<string>();
  for (const f of readdirSync(dir).filter((n) => SPOOL_FILE_PATTERN.test(n))) {
    const lines = readFileSync(join(dir, f), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line) return;
      try {
        out.add((JSON.parse(line) as { txid: string }).txid);
      } catch (err) {
        if (i !== lines.length - 1) throw err; // only the very last line may be torn
      }
    });
  }
  return out;
}

describe('telemetry bridge: crash safety with reliable_ack (child process dist/bridge.js)', function () {
  this.timeout(180000);
  let pki: Pki;
  let dir: string;
  let config: string;
  const children: ChildProcess[] = [];

  before(async () => {
    await buildBridgeBundle();
    pki = makePki();
    dir = tempDir('crash');
    writeFileSync(join(dir, 'server.pem'), pki.server.certPem);
    writeFileSync(join(dir, 'server-key.pem'), pki.server.keyPem);
    writeFileSync(join(dir, 'vehicle-ca.pem'), pki.vehicleCa.certPem);
    config = join(dir, 'bridge.json');
    writeFileSync(
      config,
      JSON.stringify({
        port: await freePort(),
        tls: { server_cert: 'server.pem', server_key: 'server-key.pem', ca_file: 'vehicle-ca.pem' },
        reliable_ack: true,
        rate_limit: { enabled: false },
        spool: { dir: 'spool', max_bytes: 256 * 1024 },
        feed: false,
        log_level: 'warn',
        workers: 1, // the whole bridge crashes (with workers, a killed primary leaves its workers to shut down cleanly)
      }),
    );
  });

  after(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  });

  it('nothing acked is missing after a SIGKILL mid-stream; after restart the resends complete the spool', async () => {
    const first = await startChild(config);
    children.push(first.child);
    const port = first.ready.port;
    const acked = new Set<string>();
    const sent = new Set<string>();
    const vehicles: VehicleStreamer[] = [];
    for (let i = 0; i < 8; i++) {
      const v = vehicleFor({ port }, pki, pki.vehicle(`5YJ3CRASH0000000${i}`), { reconnect: { initialMs: 100, maxMs: 400 } });
      v.on('ack', (a) => acked.add(a.txid));
      vehicles.push(v);
    }
    await Promise.all(vehicles.map((v) => v.waitConnected()));
    let n = 0;
    let sentBeforeKill: Set<string> | undefined; // all transmitted to the first bridge: either acked or resent later
    const firstExited = new Promise((r) => first.child.once('exit', r));
    const timer = setInterval(() => {
      // Bursts keep records queued inside the bridge at any moment.
      for (const v of vehicles) for (let k = 0; k < 10; k++) sent.add(v.sendVehicleData({ data: [{ key: 'Odometer', value: { doubleValue: n++ } }] }));
      if (!sentBeforeKill && acked.size >= 5000) {
        // Killed in the same tick as a burst was handed to the sockets, so that burst cannot have been acked:
        // the kill lands mid-stream whatever the timing of the acks.
        sentBeforeKill = new Set(sent);
        first.child.kill('SIGKILL');
      }
    }, 5);
    try {
      await waitFor(() => sentBeforeKill !== undefined, '5000 acks', 60000);
      await firstExited;
      const ackedAtKill = new Set(acked);
      const spooled = spooledTxids(join(dir, 'spool'));
      const missing = [...ackedAtKill].filter((t) => !spooled.has(t));
      assert.deepEqual(missing, [], `${missing.length} acked records are missing from the spool`);
      const unackedAtKill = [...sentBeforeKill!].filter((t) => !ackedAtKill.has(t));
      assert.ok(unackedAtKill.length > 0, 'the kill happened mid-stream (some messages were unacked)');

      // Restart on the same port: vehicles reconnect and resend what was never acked.
      const firstRunFiles = new Set(readdirSync(join(dir, 'spool')));
      const second = await startChild(config);
      children.push(second.child);
      await waitFor(() => vehicles.every((v) => v.connected), 'vehicles to reconnect', 30000);
      clearInterval(timer);
      await Promise.all(vehicles.map((v) => v.waitIdle()));
      await Promise.all(vehicles.map((v) => v.close()));
      second.child.kill('SIGTERM');
      const code = await new Promise<number | null>((r) => second.child.once('exit', (c) => r(c)));
      assert.equal(code, 0, 'graceful shutdown');
      const all = spooledTxids(join(dir, 'spool'));
      const lost = [...sent].filter((t) => !all.has(t));
      assert.deepEqual(lost, [], `${lost.length} sent records never reached the spool`);
      assert.equal(
        vehicles.reduce((d, v) => d + v.droppedCount, 0),
        0,
      );
      // What the second run received of the messages sent before the kill came as resends (is_resend = true).
      const resent = readdirSync(join(dir, 'spool'))
        .filter((f) => SPOOL_FILE_PATTERN.test(f) && !firstRunFiles.has(f))
        .flatMap((f) =>
          readFileSync(join(dir, 'spool', f), 'utf8')
            .split('\n')
            .filter(Boolean),
        )
        .map((l) => JSON.parse(l) as { txtype: string; txid: string; record: { isResend?: boolean } })
        .filter((r) => r.txtype === 'V' && sentBeforeKill!.has(r.txid));
      assert.ok(resent.length > 0, 'some unacked messages were resent after the restart');
      assert.ok(resent.every((r) => r.record.isResend === true));
    } finally {
      clearInterval(timer);
      await Promise.all(vehicles.map((v) => v.close()));
    }
  });
});
