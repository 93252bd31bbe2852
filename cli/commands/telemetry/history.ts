/** `fleetkit telemetry history --db FILE --vin VIN --field F`: what the bridge's history database kept (docs/history.md). */
import type { Alert } from '../../../core/alerts/alert';
import type { HistoryNumberSeries, HistoryStateSeries, HistorySummaries } from '../../../core/messages/history';
import { parseTimeBound } from '../../../core/telemetry-history';
import { alertsQuery, seriesQuery, summariesQuery } from '../../../telemetry-bridge/history/queries';
import { isBusyError, lockedMessage } from '../../../telemetry-bridge/history/sqlite';
import { HistoryStore } from '../../../telemetry-bridge/history/store';
import { UsageError, type CliIO } from '../../command';
import { parseOptions } from '../../args';
import type { TelemetrySubcommand } from './index';

const USAGE = `Usage: fleetkit telemetry history --db FILE --vin VIN --field F [--since 2h|ISO] [--until 30m|ISO] [--json|--csv]
       fleetkit telemetry history --db FILE [--vin VIN] --alerts [--since …] [--until …] [--json|--csv]
       fleetkit telemetry history --db FILE --vin VIN --summaries [--since …] [--until …] [--json|--csv]

Reads the history database a bridge keeps with --history FILE (docs/history.md). Read-only: safe while the
bridge runs.

  --db FILE      the history database (bridge --history FILE, or bridge.json "history": {"file"})
  --vin VIN      the vehicle
  --field F      a telemetry field: numbers print per-minute count, min, max, avg and last; states
                 (Gear, DetailedChargeState, Locked, …) print every change
  --alerts       the alerts kept (of --vin, or every vehicle)
  --summaries    charging sessions (energy added, SoC from → to) and drives (distance, speeds)
  --since T      from T: a span back from the newest record in the database (90s, 30m, 2h, 7d, 1w) or an
                 ISO 8601 time (default 24h)
  --until T      up to T, the same forms (default: the newest record)
  --json         JSON on stdout (times ISO 8601)
  --csv          CSV on stdout (a header line, times ISO 8601)

Without --json or --csv a table goes to stderr. Exit code 0 (also when nothing matches), 1 the database
cannot be read, 2 bad usage.
`;

const iso = (t: number): string => new Date(t).toISOString();

/** A CSV cell: quoted when it holds a comma, quote or line break. */
function cell(v: unknown): string {
  const s = v === undefined || v === null ? '' : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csv = (rows: unknown[][]): string => rows.map((r) => r.map(cell).join(',')).join('\n') + '\n';

const round = (n: number | undefined, digits = 3): number | undefined => (n === undefined ? undefined : Math.round(n * 10 ** digits) / 10 ** digits);

function seriesOut(s: HistoryNumberSeries | HistoryStateSeries, format: 'json' | 'csv' | 'text'): string {
  if (s.kind === 'number') {
    const points = s.points.map((p) => ({ minute: iso(p.t), count: p.count, min: p.min, max: p.max, avg: round(p.avg, 6)!, last: p.last }));
    if (format === 'json') return JSON.stringify({ vin: s.vin, field: s.field, kind: 'number', unit: s.unit, points }) + '\n';
    const header = ['minute', 'count', 'min', 'max', 'avg', 'last'];
    const rows = points.map((p) => [p.minute, p.count, p.min, p.max, p.avg, p.last]);
    if (format === 'csv') return csv([header, ...rows]);
    if (!rows.length) return `No ${s.field} values for ${s.vin} in that window.\n`;
    return [`${s.vin} ${s.field}${s.unit ? ` (${s.unit})` : ''}, per minute:`, header.join('\t'), ...rows.map((r) => r.join('\t'))].join('\n') + '\n';
  }
  const changes = s.changes.map((c) => ({ at: iso(c.t), value: c.value }));
  if (format === 'json') return JSON.stringify({ vin: s.vin, field: s.field, kind: 'state', changes }) + '\n';
  if (format === 'csv') return csv([['at', 'value'], ...changes.map((c) => [c.at, c.value])]);
  if (!changes.length) return `No ${s.field} changes for ${s.vin} in that window.\n`;
  return [`${s.vin} ${s.field}, changes:`, ...changes.map((c) => `${c.at}\t${c.value}`)].join('\n') + '\n';
}

const ALERT_COLUMNS = ['at', 'vin', 'rule', 'field', 'severity', 'kind', 'value', 'message'] as const;

function alertsOut(alerts: Alert[], format: 'json' | 'csv' | 'text'): string {
  if (format === 'json') return JSON.stringify(alerts) + '\n';
  const rows = alerts.map((a) => ALERT_COLUMNS.map((k) => a[k]));
  if (format === 'csv') return csv([[...ALERT_COLUMNS], ...rows]);
  if (!alerts.length) return 'No alerts in that window.\n';
  return alerts.map((a) => `${a.at}  ${a.vin}  ${a.severity.padEnd(8)} ${a.rule}: ${a.message}`).join('\n') + '\n';
}

function summariesOut(s: HistorySummaries, format: 'json' | 'csv' | 'text'): string {
  const sessions = s.sessions.map((x) => ({
    start: iso(x.start),
    end: iso(x.end),
    ongoing: x.ongoing,
    duration_s: Math.round(x.durationS),
    energy_added_kwh: round(x.energyAddedKwh, 3),
    average_power_kw: round(x.averagePowerKw, 3),
    soc_from: x.socFrom,
    soc_to: x.socTo,
  }));
  const drives = s.drives.map((x) => ({
    start: iso(x.start),
    end: iso(x.end),
    ongoing: x.ongoing,
    duration_s: Math.round(x.durationS),
    distance_mi: round(x.distanceMi, 3),
    average_speed_mph: round(x.averageSpeedMph, 2),
    max_speed_mph: x.maxSpeedMph,
    soc_from: x.socFrom,
    soc_to: x.socTo,
  }));
  if (format === 'json') return JSON.stringify({ vin: s.vin, charging_sessions: sessions, drives }) + '\n';
  const header = [
    'type',
    'start',
    'end',
    'ongoing',
    'duration_s',
    'energy_added_kwh',
    'distance_mi',
    'average_speed_mph',
    'max_speed_mph',
    'soc_from',
    'soc_to',
  ];
  const rows = [
    ...sessions.map((x) => ['charging', x.start, x.end, x.ongoing, x.duration_s, x.energy_added_kwh, '', '', '', x.soc_from, x.soc_to]),
    ...drives.map((x) => ['drive', x.start, x.end, x.ongoing, x.duration_s, '', x.distance_mi, x.average_speed_mph, x.max_speed_mph, x.soc_from, x.soc_to]),
  ].sort((a, b) => String(a[1]).localeCompare(String(b[1])));
  if (format === 'csv') return csv([header, ...rows.map((r) => r.map((v) => (typeof v === 'boolean' ? String(v) : v)))]);
  if (!rows.length) return `No charging sessions or drives for ${s.vin} in that window.\n`;
  const soc = (a?: number, b?: number): string => (a === undefined || b === undefined ? '' : `, SoC ${a} % → ${b} %`);
  return (
    [
      ...sessions.map(
        (x) =>
          `charging ${x.start} → ${x.end}${x.ongoing ? ' (ongoing)' : ''}: ${x.energy_added_kwh ?? '?'} kWh in ${Math.round(x.duration_s / 60)} min${soc(x.soc_from, x.soc_to)}`,
      ),
      ...drives.map(
        (x) =>
          `drive    ${x.start} → ${x.end}${x.ongoing ? ' (ongoing)' : ''}: ${x.distance_mi ?? '?'} mi in ${Math.round(x.duration_s / 60)} min, average ${x.average_speed_mph ?? '?'} mph${soc(x.soc_from, x.soc_to)}`,
      ),
    ].join('\n') + '\n'
  );
}

async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    {
      db: { type: 'string' },
      vin: { type: 'string' },
      field: { type: 'string' },
      alerts: { type: 'boolean' },
      summaries: { type: 'boolean' },
      since: { type: 'string' },
      until: { type: 'string' },
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
    },
    true,
  );
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'\n${USAGE}`);
  if (!values.db) throw new UsageError(`--db FILE is required (the file of the bridge's --history)\n${USAGE}`);
  if (values.json && values.csv) throw new UsageError('--json and --csv: pick one');
  const modes = [values.field !== undefined, !!values.alerts, !!values.summaries].filter(Boolean).length;
  if (modes !== 1) throw new UsageError(`give one of --field F, --alerts or --summaries\n${USAGE}`);
  if (!values.alerts && !values.vin) throw new UsageError(`--vin VIN is required with ${values.field !== undefined ? '--field' : '--summaries'}`);
  let store: HistoryStore;
  try {
    store = HistoryStore.open(values.db, { readonly: true });
  } catch (err) {
    io.stderr.write(`fleetkit telemetry history: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    const newest = store.newestTime();
    let since: number | undefined;
    let until: number | undefined;
    try {
      since = values.since === undefined ? undefined : parseTimeBound(values.since, newest, '--since');
      until = values.until === undefined ? undefined : parseTimeBound(values.until, newest, '--until');
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const format = values.json ? 'json' : values.csv ? 'csv' : 'text';
    const out = format === 'text' ? io.stderr : io.stdout;
    if (values.alerts) out.write(alertsOut(alertsQuery(store, { query: 'alerts', vin: values.vin, since, until }).alerts, format));
    else if (values.summaries) out.write(summariesOut(summariesQuery(store, { query: 'summaries', vin: values.vin!, since, until }), format));
    else out.write(seriesOut(seriesQuery(store, { query: 'series', vin: values.vin!, field: values.field!, since, until }), format));
    return 0;
  } catch (err) {
    if (!isBusyError(err)) throw err;
    io.stderr.write(`fleetkit telemetry history: ${lockedMessage(values.db)}\n`);
    return 1;
  } finally {
    store.close();
  }
}

export const historySubcommand: TelemetrySubcommand = {
  summary: "What the bridge's history database kept: per-minute aggregates, state changes, alerts, sessions and drives",
  usage: USAGE,
  run,
};
