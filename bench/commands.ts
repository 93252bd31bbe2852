/**
 * Vehicle Command Protocol benchmark:
 *  - signed commands per second through the simulator over HTTPS (warm sessions, one VIN, serialised like
 *    the product does);
 *  - handshakes per 100 commands for a fresh client (target: one per domain = 2);
 *  - sign-only operations per second (HMAC_PERSONALIZED, no I/O);
 *  - in-process round trips per second (sign → vehicle verify/execute/encrypt → decrypt, no sockets).
 *
 *   node --import tsx bench/commands.ts [--commands 300]
 *   npm run bench commands
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  COMMAND_CATALOGUE,
  commandClient,
  encodeCommandPayload,
  FleetApiCommandTransport,
  findCommand,
  MemorySessionStore,
  validateParams,
  VehicleCommandClient,
  type SignedCommandSpec,
} from '../core/command-protocol';
import { DomainSession } from '../core/command-protocol/session';
import { decodeRoutableMessage, decodeSessionInfo, encodeRoutableMessage } from '../core/command-protocol/messages';
import { generatePrivateKey, publicKeyPoint } from '../core/keys';
import { defaultWorld } from '../simulator/index';
import { VehiclePeer } from '../simulator/vehicle-protocol/vehicle-peer';
import { signIn, startHarness } from '../test/integration/simulator/helpers';
import { runWhenMain, type BenchResult } from './result';

const VIN = '5YJ3E1EA8KF000001';
const MIX = [
  'door_lock',
  'flash_lights',
  'set_charge_limit',
  'door_unlock',
  'auto_conditioning_start',
  'auto_conditioning_stop',
  'set_sentry_mode',
  'honk_horn',
];
const MIX_PARAMS: Record<string, unknown> = { set_charge_limit: { percent: 80 }, set_sentry_mode: { on: true } };

function signOnlyRate(iterations: number): number {
  const key = generatePrivateKey();
  const peer = new VehiclePeer(VIN);
  peer.pair(publicKeyPoint(key));
  const uuid = randomBytes(16);
  const reply = decodeRoutableMessage(
    peer.handle(
      encodeRoutableMessage({
        to_destination: { domain: 3 },
        from_destination: { routing_address: randomBytes(16) },
        session_info_request: { public_key: publicKeyPoint(key) },
        uuid,
      }),
      () => ({ ok: true }),
    ).reply,
  );
  const session = DomainSession.fromHandshake({
    vin: VIN,
    domain: 3,
    privateKey: key,
    info: decodeSessionInfo(reply.session_info as Uint8Array),
    infoBytes: reply.session_info as Uint8Array,
    tag: reply.signature_data?.session_info_tag?.tag,
    challenge: uuid,
    receivedAt: Date.now(),
  });
  const spec = findCommand('set_charge_limit') as SignedCommandSpec;
  const payload = encodeCommandPayload(spec, validateParams(spec, { percent: 80 }));
  const start = performance.now();
  for (let i = 0; i < iterations; i++) encodeRoutableMessage(session.sign(payload, Date.now()).message);
  return iterations / ((performance.now() - start) / 1000);
}

async function inProcessRate(iterations: number): Promise<number> {
  const key = generatePrivateKey();
  const peer = new VehiclePeer(VIN);
  peer.pair(publicKeyPoint(key));
  const client = new VehicleCommandClient({
    privateKey: key,
    transport: { signedCommand: async (_v, b) => ({ message: peer.handle(b, () => ({ ok: true })).reply }) },
  });
  await client.send(VIN, 'flash_lights');
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await client.send(VIN, 'flash_lights');
  return iterations / ((performance.now() - start) / 1000);
}

export async function run(args: string[] = []): Promise<BenchResult> {
  const { values } = parseArgs({ args, options: { commands: { type: 'string' } }, allowPositionals: true, strict: false });
  const total = Math.max(20, Number(values.commands ?? 300) || 300);
  const world = defaultWorld();
  world.rateLimits.perVehicle.commands = { limit: 1_000_000, windowSeconds: 60 };
  world.rateLimits.perAccount.commands = { limit: 1_000_000, windowSeconds: 60 };
  const h = await startHarness({ world });
  try {
    const token = (await signIn(h)).access_token;
    const key = generatePrivateKey();
    const transport = new FleetApiCommandTransport(commandClient({ baseUrl: h.sim.urls.fleet.na, tokens: token, dispatcher: h.agent }));

    // Handshakes per 100 commands, fresh client and cache.
    const fresh = new VehicleCommandClient({ privateKey: key, transport, sessionStore: new MemorySessionStore() });
    for (let i = 0; i < 100; i++) {
      const name = MIX[i % MIX.length];
      const outcome = await fresh.send(VIN, name, MIX_PARAMS[name]);
      if (!outcome.ok && name !== 'set_charge_limit') throw new Error(`${name} refused: ${outcome.reason}`);
    }
    const handshakesPer100 = fresh.stats.handshakes;

    // Throughput with warm sessions.
    const start = performance.now();
    for (let i = 0; i < total; i++) {
      const name = MIX[i % MIX.length];
      await fresh.send(VIN, name, MIX_PARAMS[name]);
    }
    const seconds = (performance.now() - start) / 1000;

    const signRate = signOnlyRate(20_000);
    const loopRate = await inProcessRate(2_000);
    return {
      title: 'Vehicle Command Protocol (signer ↔ simulated vehicle)',
      figures: [
        { name: 'signed commands via simulator (HTTPS)', value: total / seconds, unit: 'commands/s' },
        { name: 'handshakes per 100 commands', value: handshakesPer100, unit: 'handshakes (target 2: one per domain)' },
        { name: 'sign-only (HMAC_PERSONALIZED + encode)', value: signRate, unit: 'ops/s' },
        { name: 'in-process round trip (sign→verify→encrypt→decrypt)', value: loopRate, unit: 'commands/s' },
      ],
      notes: [`${total} commands to one VIN over HTTPS keep-alive, serialised per VIN; catalogue has ${COMMAND_CATALOGUE.length} commands`],
    };
  } finally {
    await h.close();
  }
}

runWhenMain(module, run);
