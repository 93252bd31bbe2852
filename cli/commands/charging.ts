/** `fleetkit charging history|invoice|sessions`: Supercharger history, invoice PDFs and business fleet sessions. */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { chargingTotals, historyRow, parseTimeBound, sessionRow, TimeBoundError, toCsv, type ChargingRow } from '../../core/charging';
import { ChargingEndpoints } from '../../core/fleet-api/charging';
import type { ChargingHistoryQuery, SortOrder } from '../../core/fleet-api/charging-types';
import { vinProblem } from '../../core/vin/vin';
import { parseOptions } from '../args';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { FLEET_OPTIONS, FLEET_OPTIONS_HELP, failureOf, userFleet } from './telemetry/shared';

const USAGE = `Usage: fleetkit charging history [--vin VIN] [--from TIME] [--to TIME] [--page N] [--page-size N]
                                [--sort-by FIELD] [--order asc|desc] [--all] [--json | --csv]
       fleetkit charging invoice ID --out FILE
       fleetkit charging sessions [--vin VIN] [--from TIME] [--to TIME] [--limit N] [--offset N] [--json | --csv]

history   GET /api/1/dx/charging/history: Supercharger sessions with energy, fees and invoice ids, and the totals
          (kWh, cost per currency). One page (--page, from 0) or every page (--all; each page is a billed call).
invoice   GET /api/1/dx/charging/invoice/{ID}: the invoice PDF of a session (ID = the invoice id history shows),
          saved to --out FILE.
sessions  GET /api/1/dx/charging/sessions: business fleet accounts only.

  --vin VIN         one vehicle
  --from, --to      the time window: a date (2026-11-01), a date-time (2026-11-01T08:00:00Z) or an age (30d, 12h)
  --sort-by FIELD   e.g. chargeStartDateTime (Tesla's field names); --order asc|desc (default desc)
  --csv             the sessions as CSV on stdout (one row a session)
${FLEET_OPTIONS_HELP}

Charging calls need the vehicle_charging_cmds scope and never wake a car.
`;

const OPTIONS = {
  ...FLEET_OPTIONS,
  vin: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  page: { type: 'string' },
  'page-size': { type: 'string' },
  'sort-by': { type: 'string' },
  order: { type: 'string' },
  all: { type: 'boolean' },
  csv: { type: 'boolean' },
  out: { type: 'string' },
  limit: { type: 'string' },
  offset: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseOptions<typeof OPTIONS>>['values'];

function positiveInt(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`${flag} must be a whole number ≥ ${min} (got ${value})`);
  return Number(value);
}

function timeBound(value: string | undefined, flag: string, io: CliIO): string | undefined {
  if (value === undefined) return undefined;
  try {
    return parseTimeBound(value, io.now?.() ?? Date.now());
  } catch (err) {
    if (err instanceof TimeBoundError) throw new UsageError(`${flag}: ${err.message}`);
    throw err;
  }
}

function vinOf(values: Values): string | undefined {
  if (values.vin === undefined) return undefined;
  const vin = values.vin.trim().toUpperCase();
  const problem = vinProblem(vin);
  if (problem) throw new UsageError(`--vin ${problem}`);
  return vin;
}

function printRows(io: CliIO, rows: ChargingRow[]): void {
  for (const r of rows) {
    io.stderr.write(
      `${r.start.slice(0, 16).replace('T', ' ')}  ${r.vin}  ${r.site.padEnd(34)} ${r.energyKwh.toFixed(1).padStart(6)} kWh  ${r.cost.padEnd(12)} ${r.invoiceId}\n`,
    );
  }
}

async function history(values: Values, io: CliIO): Promise<number> {
  const order = values.order?.toUpperCase();
  if (order !== undefined && order !== 'ASC' && order !== 'DESC') throw new UsageError(`--order must be asc or desc (got ${values.order})`);
  const query: ChargingHistoryQuery = {
    vin: vinOf(values),
    startTime: timeBound(values.from, '--from', io),
    endTime: timeBound(values.to, '--to', io),
    pageNo: positiveInt(values.page, '--page', 0),
    pageSize: positiveInt(values['page-size'], '--page-size', 1),
    sortBy: values['sort-by'],
    sortOrder: order as SortOrder | undefined,
  };
  const fleet = await userFleet(io, values);
  try {
    const charging = new ChargingEndpoints(fleet.client);
    const { items, pages, complete } = values.all
      ? await charging.historyAll(query, { signal: io.signal })
      : { items: (await charging.history(query, { signal: io.signal })).response?.data ?? [], pages: 1, complete: true };
    const rows = items.map(historyRow);
    const totals = chargingTotals(items);
    if (values.csv) io.stdout.write(toCsv(rows));
    else if (values.json) io.stdout.write(JSON.stringify({ ok: true, pages, complete, totals, sessions: items }) + '\n');
    printRows(io, rows);
    const costs = totals.costs.map((c) => `${c.total.toFixed(2)} ${c.currency}`).join(', ') || 'no cost';
    io.stderr.write(
      `${totals.sessions} session(s), ${totals.energyKwh.toFixed(1)} kWh, ${costs}${complete ? '' : ` (stopped after ${pages} pages: narrow the window)`}\n`,
    );
    return 0;
  } finally {
    await fleet.close();
  }
}

async function invoice(id: string | undefined, values: Values, io: CliIO): Promise<number> {
  if (!id) throw new UsageError("the invoice ID is required (fleetkit charging history shows each session's invoice id)");
  if (!values.out) throw new UsageError('--out FILE is required: where to save the PDF');
  const fleet = await userFleet(io, values);
  try {
    const res = await new ChargingEndpoints(fleet.client).invoice(id, { signal: io.signal });
    const file = resolve(values.out);
    await writeFile(file, res.response);
    if (values.json) io.stdout.write(JSON.stringify({ ok: true, id, file, bytes: res.response.length, ...(res.txid ? { txid: res.txid } : {}) }) + '\n');
    io.stderr.write(`Saved invoice ${id} (${res.response.length} bytes) to ${file}\n`);
    return 0;
  } finally {
    await fleet.close();
  }
}

async function sessions(values: Values, io: CliIO): Promise<number> {
  const fleet = await userFleet(io, values);
  try {
    const res = await new ChargingEndpoints(fleet.client).sessions(
      {
        vin: vinOf(values),
        date_from: timeBound(values.from, '--from', io),
        date_to: timeBound(values.to, '--to', io),
        limit: positiveInt(values.limit, '--limit', 1),
        offset: positiveInt(values.offset, '--offset', 0),
      },
      { signal: io.signal },
    );
    const data = res.response?.data ?? [];
    const rows = data.map(sessionRow);
    if (values.csv) io.stdout.write(toCsv(rows));
    else if (values.json) io.stdout.write(JSON.stringify({ ok: true, sessions: data }) + '\n');
    printRows(io, rows);
    const kwh = data.reduce((sum, s) => sum + (s.total_energy ?? 0), 0);
    io.stderr.write(`${data.length} session(s), ${kwh.toFixed(1)} kWh\n`);
    return 0;
  } finally {
    await fleet.close();
  }
}

export const chargingCommand: CliCommand = {
  summary: 'Charging history, invoices (PDF) and business fleet sessions',
  usage: USAGE,
  hasSubcommands: true,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(USAGE);
      return 0;
    }
    const { values, positionals } = parseOptions(rest, OPTIONS, true);
    if (values.csv && values.json) throw new UsageError('--csv and --json cannot be combined');
    const json = values.json === true;
    try {
      if (sub === 'history' || sub === 'sessions') {
        if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
        return sub === 'history' ? await history(values, io) : await sessions(values, io);
      }
      if (sub === 'invoice') {
        if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
        return await invoice(positionals[0], values, io);
      }
    } catch (err) {
      if (err instanceof UsageError || !(err instanceof Error)) throw err;
      const f = failureOf(err);
      if (json) io.stdout.write(JSON.stringify({ ok: false, ...f }) + '\n');
      io.stderr.write(`fleetkit charging ${sub}: ${f.message}\n${f.hints.map((h) => `  → ${h}\n`).join('')}`);
      return 1;
    }
    throw new UsageError(`expected 'history', 'invoice' or 'sessions', got ${sub === undefined ? 'nothing' : `'${sub}'`}`);
  },
};
