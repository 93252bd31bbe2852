import { billingOf, fillVariables, isMethod, METHODS, sendApiRequest, type ApiExchange } from '../../core/api-request';
import { formatCallPrice } from '../../core/billing/prices';
import { CLI_HINTS, describeError } from '../../core/errors/describe-error';
import { ENDPOINTS, endpointsForPath } from '../../core/fleet-api/endpoints';
import { parseOptions } from '../args';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { FLEET_OPTIONS, FLEET_OPTIONS_HELP, readTextFile, userFleet } from './telemetry/shared';

const USAGE = `Usage: fleetkit api METHOD PATH [--data JSON|@FILE] [--vin VIN] [--site ID] [--token TOKEN] [--base-url URL]
                    [--ca FILE] [--json]
       fleetkit api --list [--json]

Sends one Fleet API request with the signed-in account's token and region, and prints the response body (JSON,
pretty) on stdout. A billed call's category and price go to stderr. Non-GET requests are never retried.

  METHOD            ${METHODS.join(', ')}
  PATH              e.g. /api/1/vehicles/{vin}/vehicle_data?endpoints=charge_state; {vin} (or {vehicle_tag}) is
                    filled from --vin, {site} (or {energy_site_id}) from --site
  --data JSON       the JSON body, or @FILE to read it from a file
  --vin VIN         the vehicle for {vin}
  --site ID         the energy site for {site}
${FLEET_OPTIONS_HELP}
  --list            list the endpoints Fleetkit knows (method, path, billing, summary)

Exit codes: 0 for a 2xx answer, 1 for any other answer (Tesla's error on stderr), 2 usage, 5 the request may have
run (a 5xx other than 503 to a non-GET): read the state before sending it again.
`;

function listEndpoints(io: CliIO, json: boolean): number {
  if (json) {
    io.stdout.write(JSON.stringify(ENDPOINTS) + '\n');
    return 0;
  }
  const width = Math.max(...ENDPOINTS.map((e) => e.path.length));
  for (const e of ENDPOINTS) io.stdout.write(`${e.method.padEnd(6)} ${e.path.padEnd(width)}  ${(e.billing ?? 'free').padEnd(8)} ${e.summary}\n`);
  return 0;
}

async function readBody(data: string | undefined): Promise<unknown> {
  if (data === undefined) return undefined;
  const fromFile = data.startsWith('@');
  const text = fromFile ? await readTextFile(data.slice(1), '--data file') : data;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--data${fromFile ? ` ${data}` : ''} is not JSON (${(err as Error).message}): pass a JSON body, e.g. '{"percent":80}', or @file.json`);
  }
}

function bodyOf(exchange: ApiExchange): unknown {
  return exchange.json !== undefined ? exchange.json : exchange.raw;
}

export const apiCommand: CliCommand = {
  summary: 'Send any Fleet API request with the signed-in account (METHOD PATH)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      { ...FLEET_OPTIONS, data: { type: 'string' }, vin: { type: 'string' }, site: { type: 'string' }, list: { type: 'boolean' } },
      true,
    );
    const json = values.json === true;
    if (values.list) return listEndpoints(io, json);
    const [methodArg, pathArg, extra] = positionals;
    if (!methodArg || !pathArg) throw new UsageError('METHOD and PATH are required, e.g. fleetkit api GET /api/1/vehicles');
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    const method = methodArg.toUpperCase();
    if (!isMethod(method)) throw new UsageError(`METHOD must be one of ${METHODS.join(', ')} (got ${methodArg})`);
    if (!pathArg.startsWith('/')) {
      throw new UsageError(`PATH must start with / (e.g. /api/1/vehicles), not ${pathArg}: the host comes from --base-url or the signed-in account`);
    }
    const { path, missing } = fillVariables(pathArg, { vin: values.vin, site: values.site });
    if (missing.length) {
      throw new UsageError(
        `PATH has ${missing.map((m) => `{${m}}`).join(', ')}: pass ${missing.map((m) => (m === 'site' || m === 'energy_site_id' ? '--site ID' : '--vin VIN')).join(' and ')}`,
      );
    }
    const body = await readBody(values.data);

    const known = endpointsForPath(path);
    if (!known.length) {
      io.stderr.write(`note: ${method} ${path.split('?')[0]} is not in Fleetkit's endpoint table (fleetkit api --list); sending it as written\n`);
    } else if (!known.some((k) => k.endpoint.method === method)) {
      io.stderr.write(`note: ${path.split('?')[0]} takes ${known.map((k) => k.endpoint.method).join(' or ')}, not ${method}; sending it as written\n`);
    }
    const billed = billingOf(method, path);
    if (billed) io.stderr.write(`billed as ${billed.category} (${formatCallPrice(billed.usd)} at Tesla's rates; free when Tesla answers 5xx)\n`);

    const fleet = await userFleet(io, values);
    let exchange: ApiExchange;
    try {
      exchange = await sendApiRequest(fleet.client, { method, path, ...(body !== undefined ? { body } : {}) }, { signal: io.signal });
    } finally {
      await fleet.close();
    }

    if (exchange.ok) {
      io.stdout.write(
        json
          ? JSON.stringify({ ok: true, status: exchange.status, txid: exchange.txid ?? null, body: bodyOf(exchange) }) + '\n'
          : JSON.stringify(bodyOf(exchange), null, 2) + '\n',
      );
      io.stderr.write(`${exchange.status}${exchange.txid ? ` txid ${exchange.txid}` : ''}\n`);
      return 0;
    }
    const d = describeError(exchange.error);
    const hints = d.actions.map((a) => CLI_HINTS[a]);
    if (json) {
      io.stdout.write(
        JSON.stringify({
          ok: false,
          status: exchange.status,
          txid: exchange.txid ?? null,
          body: bodyOf(exchange),
          error: exchange.error?.name ?? 'FleetApiError',
          message: d.message,
          hints,
          ...(d.mayHaveSucceeded ? { may_have_succeeded: true } : {}),
        }) + '\n',
      );
    }
    const txid = exchange.txid && !d.message.includes(exchange.txid) ? ` (txid ${exchange.txid})` : '';
    io.stderr.write(`fleetkit api: ${exchange.status}: ${d.message}${txid}\n${hints.map((h) => `  → ${h}\n`).join('')}`);
    return d.mayHaveSucceeded ? 5 : 1;
  },
};
