/**
 * Sends catalogue commands as plain REST: to Fleet API (transport "rest", legacy vehicles) or to a
 * tesla-http-proxy (transport "proxy"), which signs them itself.
 */
import { findCommand, validateParams, CommandParamError } from './catalogue';
import { restBody } from './client';
import { FleetApiError } from '../fleet-api/errors';
import { KeyNotPairedError } from './errors';
import type { CommandOutcome, CommandSender } from './outcome';
import type { RestCommandTransport } from './transport/types';

export class RestCommandSender implements CommandSender {
  constructor(
    private readonly transport: RestCommandTransport,
    private readonly via: 'rest' | 'proxy',
    private readonly pairingDomain?: string,
  ) {}

  async send(vin: string, command: string, params?: unknown, signal?: AbortSignal): Promise<CommandOutcome> {
    const spec = findCommand(command);
    if (!spec) throw new CommandParamError(command, ['unknown command (see the catalogue)']);
    const valid = validateParams(spec, params);
    const base = { command, vin, via: this.via, handshakes: 0, attempts: 1, ...(spec.domain ? { domain: spec.domain } : {}) };
    if (command === 'wake_up') return { ...base, ok: true, reason: await this.transport.wakeUp(vin, signal) };
    try {
      const result = await this.transport.restCommand(vin, command, restBody(command, valid), signal);
      return { ...base, ok: result.result, reason: result.reason, ...(result.txid ? { txid: result.txid } : {}) };
    } catch (err) {
      // tesla-http-proxy reports an unpaired key as 500 {"error":"vehicle rejected request: your public key has not been paired …"}.
      if (err instanceof FleetApiError && /not been paired/i.test(`${err.error ?? ''} ${err.errorDescription ?? ''}`)) {
        throw new KeyNotPairedError(vin, spec.domain ?? 'infotainment', this.pairingDomain);
      }
      throw err;
    }
  }
}
