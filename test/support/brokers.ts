import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './net';

/**
 * Real message brokers for tests: Debian's mosquitto and redis-server (installed by scripts/setup.sh), each started on a
 * free loopback port and stopped after. `stop()` then `start()` brings the same broker back on the same port, which is
 * how tests take a broker away mid-stream.
 */
export interface Broker {
  readonly kind: 'mosquitto' | 'redis-server';
  readonly port: number;
  /** mqtt://127.0.0.1:PORT (mqtts:// with TLS) or redis://127.0.0.1:PORT */
  readonly url: string;
  readonly running: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 15_000;

export interface MosquittoOptions {
  /** A TLS listener (mqtts://) with this server certificate chain and key (PEM). */
  tls?: { certPem: string; keyPem: string };
  /** Only these users (user name → password, hashed with mosquitto_passwd); anonymous clients are refused. */
  users?: Record<string, string>;
}

export async function startMosquitto(options: MosquittoOptions = {}): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), 'fleetkit-mosquitto-'));
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  const lines = [`listener ${port} 127.0.0.1`, 'persistence false', 'log_dest stderr', 'log_type error'];
  // Started as root, mosquitto drops to the "mosquitto" user, which cannot read the key and password files in this
  // private temp dir: keep it as the user that runs the tests.
  if (process.getuid?.() === 0) lines.push('user root');
  if (options.tls) {
    writeFileSync(join(dir, 'server.pem'), options.tls.certPem);
    writeFileSync(join(dir, 'server-key.pem'), options.tls.keyPem, { mode: 0o600 });
    lines.push(`certfile ${join(dir, 'server.pem')}`, `keyfile ${join(dir, 'server-key.pem')}`);
  }
  if (options.users) {
    const file = join(dir, 'passwords');
    writeFileSync(file, '', { mode: 0o600 });
    for (const [user, password] of Object.entries(options.users)) execFileSync('mosquitto_passwd', ['-b', file, user, password]);
    lines.push('allow_anonymous false', `password_file ${file}`);
  } else {
    lines.push('allow_anonymous true');
  }
  writeFileSync(conf, lines.join('\n') + '\n');
  return launch('mosquitto', port, `${options.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`, ['-c', conf], dir);
}

export async function startRedis(): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), 'fleetkit-redis-'));
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'no'];
  return launch('redis-server', port, `redis://127.0.0.1:${port}`, args, dir);
}

async function launch(kind: Broker['kind'], port: number, url: string, args: string[], dir: string): Promise<Broker> {
  let child: ChildProcess | undefined;
  let stderr = '';
  const broker: Broker = {
    kind,
    port,
    url,
    get running() {
      return child !== undefined && child.exitCode === null;
    },
    async start() {
      if (broker.running) return;
      stderr = '';
      const c = spawn(kind, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      child = c;
      c.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
      const failed = new Promise<never>((_, reject) => {
        c.once('error', (e) => reject(new Error(`${kind} did not start (${e.message}): run scripts/setup.sh, which installs it`)));
        c.once('exit', (code) => reject(new Error(`${kind} exited with ${code} before listening on ${port}: ${stderr.trim()}`)));
      });
      failed.catch(() => undefined);
      await Promise.race([waitForPort(port), failed]);
    },
    async stop() {
      const c = child;
      if (!c || c.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill('SIGTERM');
        setTimeout(() => c.kill('SIGKILL'), 3000).unref();
      });
    },
  };
  await broker.start();
  process.once('exit', () => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  return broker;
}

async function waitForPort(port: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${READY_TIMEOUT_MS} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
