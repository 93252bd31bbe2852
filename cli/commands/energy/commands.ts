/** `fleetkit energy backup|operation|storm-mode|grid-import-export|off-grid-reserve|tou`: the billed site commands. */
import type { EnergyEndpoints } from '../../../core/energy/endpoints';
import {
  EXPORT_RULES,
  OPERATION_MODES,
  type EnergyCommandResult,
  type ExportRule,
  type GridImportExport,
  type OperationMode,
} from '../../../core/energy/types';
import type { ApiResponse } from '../../../core/fleet-api/client';
import { UsageError, type CliIO } from '../../command';
import type { Subcommand } from '../../subcommands';
import { readTextFile } from '../telemetry/shared';
import { parseSiteArgs, percentFlag, runEnergy, SITE_HELP, siteId, type SiteValues } from './shared';

const FOOTER = `One billed command call. A command is never retried: exit 5 means it may have run (read fleetkit energy info
before sending it again). With --json: {"ok":true,"txid","result":{"code":201,"message":"Updated"}}.`;

function runCommand(
  io: CliIO,
  sub: string,
  values: SiteValues,
  what: string,
  send: (e: EnergyEndpoints, id: string) => Promise<ApiResponse<EnergyCommandResult>>,
) {
  const id = siteId(values);
  return runEnergy(
    io,
    sub,
    values,
    async (e) => {
      const r = await send(e, id);
      return { result: r.response, txid: r.txid };
    },
    (r) => [`${what} (${r.code ?? 'ok'} ${r.message ?? ''})`.trim()],
  );
}

export const backupSubcommand: Subcommand = {
  summary: 'Set the backup reserve (percent kept for outages)',
  usage: `Usage: fleetkit energy backup --site ID --percent N [--json]

  --percent N       the share of the Powerwall kept for outages, 0–100
${SITE_HELP}

${FOOTER}
`,
  async run(args, io) {
    const { values } = parseSiteArgs(args, { percent: { type: 'string' } });
    const percent = percentFlag(values.percent, '--percent');
    return runCommand(io, 'backup', values, `Backup reserve set to ${percent} %`, (e, id) => e.setBackupReserve(id, percent, { signal: io.signal }));
  },
};

export const operationSubcommand: Subcommand = {
  summary: 'Set the operation mode (self_consumption, autonomous, backup)',
  usage: `Usage: fleetkit energy operation --site ID --mode MODE [--json]

  --mode MODE       self_consumption (Self-Powered), autonomous (Time-Based Control) or backup (Backup-Only)
${SITE_HELP}

${FOOTER}
`,
  async run(args, io) {
    const { values } = parseSiteArgs(args, { mode: { type: 'string' } });
    const mode = values.mode as OperationMode | undefined;
    if (!mode || !OPERATION_MODES.includes(mode)) {
      throw new UsageError(`--mode must be one of ${OPERATION_MODES.join(', ')}${values.mode ? ` (got ${values.mode})` : ''}`);
    }
    return runCommand(io, 'operation', values, `Operation mode set to ${mode}`, (e, id) => e.setOperationMode(id, mode, { signal: io.signal }));
  },
};

export const stormModeSubcommand: Subcommand = {
  summary: 'Turn storm mode (Storm Watch) on or off',
  usage: `Usage: fleetkit energy storm-mode on|off --site ID [--json]

With storm mode on, the Powerwall charges to full and holds when a storm watch is issued for the site.
${SITE_HELP}

${FOOTER}
`,
  async run(args, io) {
    const { values, positionals } = parseSiteArgs(args, {}, true);
    const [state, extra] = positionals;
    if ((state !== 'on' && state !== 'off') || extra !== undefined) throw new UsageError('say on or off: fleetkit energy storm-mode on --site ID');
    return runCommand(io, 'storm-mode', values, `Storm mode ${state}`, (e, id) => e.setStormMode(id, state === 'on', { signal: io.signal }));
  },
};

export const gridImportExportSubcommand: Subcommand = {
  summary: 'Set what may be exported to the grid and whether the grid may charge the Powerwall',
  usage: `Usage: fleetkit energy grid-import-export --site ID [--export pv_only|battery_ok|never] [--grid-charging allow|disallow] [--json]

  --export RULE          customer_preferred_export_rule: pv_only (solar only), battery_ok (solar and battery), never
  --grid-charging X      allow or disallow charging the Powerwall from the grid
                         (disallow_charge_from_grid_with_solar_installed)
${SITE_HELP}

At least one of --export and --grid-charging. ${FOOTER}
`,
  async run(args, io) {
    const { values } = parseSiteArgs(args, { export: { type: 'string' }, 'grid-charging': { type: 'string' } });
    const body: GridImportExport = {};
    if (values.export !== undefined) {
      if (!EXPORT_RULES.includes(values.export as ExportRule)) {
        throw new UsageError(`--export must be one of ${EXPORT_RULES.join(', ')} (got ${values.export})`);
      }
      body.customer_preferred_export_rule = values.export as ExportRule;
    }
    const gc = values['grid-charging'];
    if (gc !== undefined) {
      if (gc !== 'allow' && gc !== 'disallow') throw new UsageError(`--grid-charging must be allow or disallow (got ${gc})`);
      body.disallow_charge_from_grid_with_solar_installed = gc === 'disallow';
    }
    if (!Object.keys(body).length) throw new UsageError('give --export RULE, --grid-charging allow|disallow, or both');
    return runCommand(io, 'grid-import-export', values, 'Grid import/export updated', (e, id) => e.setGridImportExport(id, body, { signal: io.signal }));
  },
};

export const offGridReserveSubcommand: Subcommand = {
  summary: 'Set the Powerwall share that may charge a car during an outage',
  usage: `Usage: fleetkit energy off-grid-reserve --site ID --percent N [--json]

  --percent N       off_grid_vehicle_charging_reserve_percent, 0–100
${SITE_HELP}

${FOOTER}
`,
  async run(args, io) {
    const { values } = parseSiteArgs(args, { percent: { type: 'string' } });
    const percent = percentFlag(values.percent, '--percent');
    return runCommand(io, 'off-grid-reserve', values, `Off-grid vehicle charging reserve set to ${percent} %`, (e, id) =>
      e.setOffGridVehicleChargingReserve(id, percent, { signal: io.signal }),
    );
  },
};

export const touSubcommand: Subcommand = {
  summary: 'Send time-of-use settings (a tariff) from a JSON file',
  usage: `Usage: fleetkit energy tou --site ID --file FILE [--json]

  --file FILE       JSON: {"tou_settings": {"tariff_content_v2": {…}}} or just the {"tariff_content_v2": {…}} object
${SITE_HELP}

${FOOTER}
`,
  async run(args, io) {
    const { values } = parseSiteArgs(args, { file: { type: 'string' } });
    if (!values.file) throw new UsageError('--file FILE is required: the time-of-use settings as JSON');
    const text = await readTextFile(values.file, '--file');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new UsageError(`${values.file} is not JSON (${(err as Error).message})`);
    }
    const tou = typeof parsed === 'object' && parsed !== null && 'tou_settings' in parsed ? (parsed as { tou_settings: unknown }).tou_settings : parsed;
    return runCommand(io, 'tou', values, 'Time-of-use settings sent', (e, id) =>
      e.setTimeOfUseSettings(id, tou as Record<string, unknown>, { signal: io.signal }),
    );
  },
};
