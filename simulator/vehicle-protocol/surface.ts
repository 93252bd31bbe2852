/**
 * The Vehicle Command Protocol surface of the simulator: `signed_command` (the vehicle peer), the legacy REST
 * `command/{name}` route, the owner's pairing page `/_ak/<domain>`, and /sim/ controls (reboot = new epoch,
 * clock skew, injected faults, whitelist).
 */
import { escapeHtml, page } from '../auth/html';
import { SimHttpError } from '../http/errors';
import type { RequestContext, SimResponse } from '../http/router';
import type { Surface, SurfaceApi } from '../surface';
import { requireOnline, vehicleFor, worldVehicle } from '../vehicles/lookup';
import { CHARGING_COMMANDS, KNOWN_COMMANDS, UNSIGNED_REST_COMMANDS } from './effects/index';
import { decodeInfotainmentCommand, type CommandParamValue } from './decode-command';
import { RoutableMessageType } from '../../core/command-protocol/schema';
import { REPLY_COUNTERS, type ReplyCounters } from '../world/types';
import { parsePublicKey } from './public-key';
import { PeerRegistry } from './registry';
import type { Whitelist } from './whitelist';
import { restInstruction, RestParamError } from './rest-params';

const COMMAND_SCOPES = ['vehicle_cmds', 'vehicle_charging_cmds'];

function missingCommandScope(command: string): SimHttpError {
  return new SimHttpError(403, 'Unauthorized missing scopes', `${command} needs the vehicle_cmds scope (this token only has vehicle_charging_cmds)`);
}

/** Fleet API's side of scope enforcement for signed commands: handshakes pass; commands are read from the plaintext. */
function checkSignedScope(ctx: RequestContext, bytes: Buffer): void {
  if (ctx.auth?.scopes.has('vehicle_cmds')) return;
  let msg: { to_destination?: { domain?: number }; protobuf_message_as_bytes?: Uint8Array };
  try {
    msg = RoutableMessageType.toObject(RoutableMessageType.decode(bytes)) as typeof msg;
  } catch {
    return; // the vehicle answers malformed messages itself
  }
  if (!msg.protobuf_message_as_bytes) return;
  if (msg.to_destination?.domain !== 3) throw missingCommandScope('vehicle security commands');
  let name: string;
  try {
    name = decodeInfotainmentCommand(msg.protobuf_message_as_bytes).name;
  } catch {
    return;
  }
  if (!CHARGING_COMMANDS.has(name)) throw missingCommandScope(name);
}

function domainsFrom(raw: string | null): Array<2 | 3> {
  if (raw === null || raw === '' || raw === 'all') return [2, 3];
  if (raw === 'vcsec' || raw === '2' || raw === 'vehicle_security') return [2];
  if (raw === 'infotainment' || raw === '3') return [3];
  throw new SimHttpError(400, 'invalid_field', 'domain must be vcsec, infotainment or all');
}

function scalarParams(body: Record<string, unknown>): Record<string, CommandParamValue> {
  const out: Record<string, CommandParamValue> = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') out[k] = v;
    else if (k === 'value' && v && typeof v === 'object') {
      const text = (v as Record<string, unknown>)['android.intent.extra.TEXT'];
      if (typeof text === 'string') out[k] = text;
    }
  }
  return out;
}

function pairingPage(api: SurfaceApi, domain: string, message = '', peers?: PeerRegistry): string {
  const options = api.world.vehicles.map((v) => `<option value="${escapeHtml(v.vin)}">${escapeHtml(v.displayName)} — ${escapeHtml(v.vin)}</option>`).join('');
  const waiting = peers ? api.world.vehicles.filter((v) => peers.peer(v).keychain.requests.length > 0) : [];
  const requests = waiting
    .map(
      (v) =>
        `<form method="post" action="/_ak/${encodeURIComponent(domain)}/key-requests"><input type="hidden" name="vin" value="${escapeHtml(v.vin)}">` +
        `${escapeHtml(v.displayName)}: ${peers!.peer(v).keychain.requests.length} key request(s) waiting for a key card <button type="submit" class="tap">Tap Key Card</button></form>`,
    )
    .join('');
  return page(
    `Add virtual key — ${domain}`,
    `<h1>Add a virtual key for <code>${escapeHtml(domain)}</code></h1>
<p>This is the simulator's stand-in for <code>https://tesla.com/_ak/${escapeHtml(domain)}</code>: as the owner you approve the
app's public key on one of your vehicles. Tesla would fetch it from
<code>https://${escapeHtml(domain)}/.well-known/appspecific/com.tesla.3p.public-key.pem</code>; here you paste it.</p>
${message ? `<p><strong>${escapeHtml(message)}</strong></p>` : ''}
${requests ? `<h2>Add-key requests</h2>${requests}` : ''}
<form method="post">
<fieldset><label>Vehicle <select name="vin" id="vin">${options}</select></label>
<label>Public key (PEM "BEGIN PUBLIC KEY" or 130 hex characters)<br><textarea name="public_key" id="public_key" rows="5" cols="64"></textarea></label></fieldset>
<button class="allow" type="submit" id="approve">Approve</button>
</form>`,
  );
}

export const commandProtocolSurface: Surface = {
  name: 'command-protocol',
  register(api) {
    const { router, world } = api;
    const peers = new PeerRegistry(world);
    /**
     * VIN → replies Tesla's gateway loses: the car carries out the command, then the caller gets this status instead of
     * the reply (a gateway that timed out after delivery). What vehicle-command calls MayHaveSucceeded.
     */
    const lostReplies = new Map<string, { status: number; count: number }>();
    const loseReply = (vin: string): void => {
      const lost = lostReplies.get(vin);
      if (!lost) return;
      if (--lost.count <= 0) lostReplies.delete(vin);
      throw new SimHttpError(
        lost.status,
        'upstream_error',
        `the gateway lost the vehicle's reply (HTTP ${lost.status}); the command may have been carried out`,
      );
    };

    router.add({
      method: 'POST',
      path: '/api/1/vehicles/:tag/signed_command',
      auth: { anyScope: COMMAND_SCOPES },
      billing: 'commands',
      handler: async (ctx) => {
        const v = vehicleFor(api, ctx);
        if (!v.commandProtocolRequired) {
          throw new SimHttpError(
            422,
            'vehicle does not support signed commands',
            `${v.vin} predates the Vehicle Command Protocol; use /api/1/vehicles/${v.vin}/command/{name}`,
          );
        }
        requireOnline(v);
        const body = await ctx.json();
        const b64 = body.routable_message;
        if (typeof b64 !== 'string' || b64.length === 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) {
          throw new SimHttpError(400, 'invalid_field', 'routable_message must be a base64 string');
        }
        const bytes = Buffer.from(b64, 'base64');
        checkSignedScope(ctx, bytes);
        const outcome = peers.peer(v).handle(bytes, (instruction) => peers.execute(v, instruction));
        api.log.debug(`signed_command ${v.vin}: ${outcome.kind}${outcome.instruction ? ` ${outcome.instruction.name}` : ''} fault=${outcome.fault}`);
        if (outcome.kind === 'command') loseReply(v.vin);
        return { json: { response: Buffer.from(outcome.reply).toString('base64') } };
      },
    });

    router.add({
      method: 'POST',
      path: '/api/1/vehicles/:tag/command/:name',
      auth: { anyScope: COMMAND_SCOPES },
      billing: 'commands',
      bodyLimit: 4096,
      handler: async (ctx): Promise<SimResponse> => {
        const v = vehicleFor(api, ctx);
        const name = ctx.params.name;
        if (!KNOWN_COMMANDS.has(name)) throw new SimHttpError(400, 'invalid_command', `unknown command ${name}`);
        if (v.commandProtocolRequired && !UNSIGNED_REST_COMMANDS.has(name)) {
          throw new SimHttpError(
            403,
            'Tesla Vehicle Command Protocol required',
            `${v.vin} only accepts ${name} signed, through /api/1/vehicles/${v.vin}/signed_command (see https://github.com/teslamotors/vehicle-command)`,
          );
        }
        if (!ctx.auth?.scopes.has('vehicle_cmds') && !CHARGING_COMMANDS.has(name)) throw missingCommandScope(name);
        requireOnline(v);
        let instruction;
        try {
          instruction = restInstruction(name, scalarParams(await ctx.json()));
        } catch (err) {
          if (err instanceof RestParamError) throw new SimHttpError(400, err.message, `${name}: ${err.message}`);
          throw err;
        }
        const result = peers.execute(v, instruction);
        loseReply(v.vin);
        return { json: { response: { result: result.ok, reason: result.reason ?? '' } } };
      },
    });

    const hosts = ['auth' as const, 'fleet' as const];
    // The owner opens the pairing page in a browser: also on the plain-HTTP browser listener.
    const pageHosts = [...hosts, 'browser' as const];

    router.add({
      hosts: pageHosts,
      method: 'GET',
      path: '/_ak/:domain',
      handler: (ctx) => ({ html: pairingPage(api, ctx.params.domain, '', peers) }),
    });

    router.add({
      hosts: pageHosts,
      method: 'POST',
      path: '/_ak/:domain',
      bodyLimit: 8192,
      handler: async (ctx): Promise<SimResponse> => {
        const form = await ctx.form();
        const wantsJson = (ctx.req.headers['content-type'] ?? '').includes('json');
        const v = world.vehicleByVin(form.vin ?? '');
        let point: Buffer;
        try {
          if (!v) throw new Error(`no vehicle ${form.vin ?? '(none)'} in this world`);
          point = parsePublicKey(form.public_key ?? '');
        } catch (err) {
          if (wantsJson) throw new SimHttpError(400, 'invalid_field', (err as Error).message);
          return { status: 400, html: pairingPage(api, ctx.params.domain, (err as Error).message) };
        }
        peers.peer(v).pair(point);
        v.keyPaired = true;
        const result = { vin: v.vin, domain: ctx.params.domain, paired: true, public_key: point.toString('hex') };
        if (wantsJson) return { json: { response: result } };
        return {
          html: page(
            'Key added',
            `<h1 id="paired">Key added</h1><p>The key for <code>${escapeHtml(ctx.params.domain)}</code> is now paired with ${escapeHtml(v.displayName)} (<code>${escapeHtml(v.vin)}</code>).</p>`,
          ),
        };
      },
    });

    router.add({
      hosts,
      method: 'POST',
      path: '/sim/vehicles/:vin/reboot',
      handler: (ctx) => {
        const v = worldVehicle(world, ctx.params.vin);
        const peer = peers.peer(v);
        for (const d of domainsFrom(ctx.query.get('domain'))) peer.reboot(d);
        return { json: { response: { vin: v.vin, epochs: { vcsec: peer.epoch(2).toString('hex'), infotainment: peer.epoch(3).toString('hex') } } } };
      },
    });

    router.add({
      hosts,
      method: 'GET',
      path: '/sim/vehicles/:vin/protocol',
      handler: (ctx) => {
        const v = worldVehicle(world, ctx.params.vin);
        const peer = peers.peer(v);
        const domain = (d: 2 | 3): Record<string, unknown> => ({
          epoch: peer.epoch(d).toString('hex'),
          clock: peer.clock(d),
          public_key: peer.domainPublicKey(d).toString('hex'),
          reply_counters: peer.replyCounters(d),
        });
        return {
          json: {
            response: {
              vin: v.vin,
              command_protocol_required: v.commandProtocolRequired,
              paired_keys: peer.pairedKeys,
              keys: keychainJson(peer.keychain),
              key_requests: peer.keychain.requests.map((r) => ({ public_key: r.key, role: r.role, form_factor: r.formFactor })),
              vcsec: domain(2),
              infotainment: domain(3),
            },
          },
        };
      },
    });

    router.add({
      hosts,
      method: 'POST',
      path: '/sim/vehicles/:vin/protocol',
      handler: async (ctx) => {
        const v = worldVehicle(world, ctx.params.vin);
        const peer = peers.peer(v);
        const b = await ctx.json();
        const domains = domainsFrom(typeof b.domain === 'string' ? b.domain : null);
        if (b.replyCounters !== undefined) {
          if (!REPLY_COUNTERS.includes(b.replyCounters as never)) {
            throw new SimHttpError(400, 'invalid_field', `replyCounters must be one of ${REPLY_COUNTERS.join(', ')}`);
          }
          for (const d of domains) peer.setReplyCounters(d, b.replyCounters as ReplyCounters);
        }
        if (b.skewSeconds !== undefined) {
          if (typeof b.skewSeconds !== 'number' || !Number.isFinite(b.skewSeconds) || Math.abs(b.skewSeconds) > 86400) {
            throw new SimHttpError(400, 'invalid_field', 'skewSeconds must be a number of seconds (|x| ≤ 86400)');
          }
          for (const d of domains) peer.skewClock(d, b.skewSeconds);
        }
        if (b.fault !== undefined) {
          if (typeof b.fault !== 'number' || !Number.isInteger(b.fault) || b.fault < 1 || b.fault > 28) {
            throw new SimHttpError(400, 'invalid_field', 'fault must be a MessageFault_E number 1..28');
          }
          const count = typeof b.count === 'number' && b.count >= 1 ? Math.floor(b.count) : 1;
          for (const d of domains) peer.injectFault(d, b.fault, count);
        }
        if (b.lostReplies !== undefined) {
          const lost = b.lostReplies as { status?: unknown; count?: unknown } | null;
          const status = lost?.status;
          if (typeof status !== 'number' || !Number.isInteger(status) || status < 500 || status > 599 || status === 503) {
            throw new SimHttpError(400, 'invalid_field', 'lostReplies.status must be a 5xx other than 503 (503 means the car is asleep)');
          }
          const count = typeof lost?.count === 'number' && lost.count >= 1 ? Math.floor(lost.count) : 1;
          lostReplies.set(v.vin, { status, count });
        }
        if (b.rotateKeys !== undefined) {
          if (typeof b.rotateKeys !== 'boolean') throw new SimHttpError(400, 'invalid_field', 'rotateKeys must be a boolean');
          if (b.rotateKeys) for (const d of domains) peer.rotateKey(d);
        }
        if (b.unpair !== undefined) {
          if (typeof b.unpair !== 'string') throw new SimHttpError(400, 'invalid_field', 'unpair must be a public key');
          try {
            peer.unpair(parsePublicKey(b.unpair));
          } catch (err) {
            throw new SimHttpError(400, 'invalid_field', (err as Error).message);
          }
        }
        if (b.approveKeyRequests !== undefined) {
          if (b.approveKeyRequests !== true) throw new SimHttpError(400, 'invalid_field', 'approveKeyRequests must be true (the owner taps a key card)');
          peer.keychain.approveRequests();
        }
        return { json: { response: { vin: v.vin, paired_keys: peer.pairedKeys, keys: keychainJson(peer.keychain) } } };
      },
    });

    // The owner taps a key card on the console: the car adds the keys an add-key request is waiting with.
    router.add({
      hosts: pageHosts,
      method: 'POST',
      path: '/_ak/:domain/key-requests',
      bodyLimit: 4096,
      handler: async (ctx): Promise<SimResponse> => {
        const form = await ctx.form();
        const v = world.vehicleByVin(form.vin ?? '');
        if (!v) return { status: 400, html: pairingPage(api, ctx.params.domain, `no vehicle ${form.vin ?? '(none)'} in this world`, peers) };
        const added = peers.peer(v).keychain.approveRequests();
        return {
          html: page('Key card tapped', `<h1 id="approved">Key card tapped</h1><p>${escapeHtml(v.displayName)} added ${added.length} requested key(s).</p>`),
        };
      },
    });
  },
};

function keychainJson(keychain: Whitelist): Array<Record<string, unknown>> {
  return keychain.entries.map((e) => ({ slot: e.slot, public_key: e.key, role: e.role, form_factor: e.formFactor, builtin: e.builtin }));
}
