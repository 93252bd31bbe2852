import { escapeHtml as e } from './escape';
import { isEmptyFilter, matches, vehicleMatches, wholeVehicleMatches, type ParsedFilter } from './filter';
import { streamedName, type VehicleNames } from './names';
import { sparklinePath } from './sparkline';
import { ruleAlertItems } from './rule-alerts';
import type { Alert } from '../../../core/alerts/alert';
import type { FieldState, VehicleView } from './store';
import { formatAge } from './value';
import { formatAge as formatAgeAgo } from '../../../core/vehicle-model/age';
import { formatCount, formatPosition, formatQuantity, quantityParts } from '../../../core/format/quantity';

export interface RenderOptions {
  now: number;
  historyMs: number;
  filter: ParsedFilter;
  /** A VIN to show first and highlight (opened from the vehicle tree). */
  focusVin?: string;
  /** The user's locale (VS Code's display language) for numbers. */
  locale?: string;
  /** Display names by VIN from the vehicle list (a name the car streams wins). */
  names?: VehicleNames;
  /** The alert rules that fired for a VIN (the bridge's `--alerts`), oldest first. */
  ruleAlerts?: (vin: string) => readonly Alert[];
}

/** The name shown for a vehicle: the one it streams, else the vehicle list's, else none. */
export function nameOf(v: VehicleView, o: Pick<RenderOptions, 'names'>): string | undefined {
  return streamedName(v) ?? o.names?.[v.vin];
}

/** A field's value and unit cells as people read them: unit precision and locale; durations whole. */
export function valueCells(f: FieldState, locale: string | undefined): { value: string; unit: string } {
  if (f.num !== undefined) {
    const p = quantityParts(f.num, f.unit, locale);
    return { value: p.number, unit: p.unit };
  }
  if (f.loc) return { value: formatPosition(f.loc.latitude, f.loc.longitude, locale), unit: f.unit };
  return { value: f.text, unit: f.unit };
}

const SPARK_W = 140;
const SPARK_H = 26;
const MIN_WINDOW_MS = 30_000;

function time(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  return new Date(ms).toISOString().slice(11, 19);
}

function fieldRows(v: VehicleView, o: RenderOptions): string {
  const fieldNames = [...v.fields.keys()].sort();
  const vehicleName = nameOf(v, o);
  const shown =
    isEmptyFilter(o.filter) || wholeVehicleMatches(o.filter, v.vin, vehicleName)
      ? fieldNames
      : fieldNames.filter((n) => matches(o.filter, v.vin, n, vehicleName));
  if (!shown.length) return '<tr><td colspan="5" class="muted">No fields yet.</td></tr>';
  return shown
    .map((name) => {
      const f = v.fields.get(name)!;
      let spark = '';
      const series = v.series.get(name);
      if (series && series.length) {
        // The window grows from the first value (at least 30 s wide) to the full history, so a fresh stream is not
        // squeezed into the right edge of a five-minute chart.
        const t0 = Math.max(o.now - o.historyMs, Math.min(series[0]![0], o.now - MIN_WINDOW_MS));
        const p = sparklinePath(series, { width: SPARK_W, height: SPARK_H, t0, t1: Math.max(o.now, series[series.length - 1]![0]) });
        const title = Number.isFinite(p.min) ? `min ${formatQuantity(p.min, f.unit, o.locale)} · max ${formatQuantity(p.max, f.unit, o.locale)}` : '';
        spark = `<svg class="spark" viewBox="0 0 ${SPARK_W} ${SPARK_H}" width="${SPARK_W}" height="${SPARK_H}" role="img" aria-label="${e(`${name} over the last minutes`)}"><title>${e(title)}</title><path d="${e(p.d)}"/></svg>`;
      }
      const cells = valueCells(f, o.locale);
      return `<tr data-field="${e(name)}"><td class="name">${e(name)}</td><td class="value">${e(cells.value)}</td><td class="unit">${e(cells.unit)}</td><td class="age">${e(formatAge(Math.max(0, o.now - f.at)))}</td><td class="chart">${spark}</td></tr>`;
    })
    .join('');
}

function timeline(v: VehicleView): string {
  if (!v.connectivity.length) return '<li class="muted">No connectivity events.</li>';
  return v.connectivity
    .slice(-12)
    .reverse()
    .map(
      (c) =>
        `<li class="conn ${c.status === 'CONNECTED' ? 'up' : 'down'}"><span class="t">${e(time(c.at))}</span> ${e(c.status)}${c.networkInterface ? ` <span class="muted">${e(c.networkInterface)}</span>` : ''}</li>`,
    )
    .join('');
}

function alerts(v: VehicleView): string {
  if (!v.alerts.length) return '<li class="muted">No alerts.</li>';
  return v.alerts
    .slice(-20)
    .reverse()
    .map(
      (a) =>
        `<li class="alert ${a.endedAt === undefined ? 'active' : 'ended'}"><span class="t">${e(time(a.startedAt ?? a.receivedAt))}</span> ${e(a.name)} <span class="muted">${e(a.audiences.join(', '))}${a.endedAt !== undefined ? ` · ended ${e(time(a.endedAt))}` : ' · active'}</span></li>`,
    )
    .join('');
}

function errors(v: VehicleView): string {
  if (!v.errors.length) return '<li class="muted">No errors.</li>';
  return v.errors
    .slice(-20)
    .reverse()
    .map((x) => {
      const tags = Object.entries(x.tags)
        .map(([k, val]) => `${k}=${val}`)
        .join(' ');
      return `<li class="error"><span class="t">${e(time(x.at))}</span> ${e(x.name)} <span class="muted">${e(tags)}${x.body ? ` · ${e(x.body)}` : ''}</span></li>`;
    })
    .join('');
}

/** One vehicle's section as an HTML string (every vehicle-supplied string escaped). */
export function renderVehicle(v: VehicleView, o: RenderOptions): string {
  const name = nameOf(v, o);
  return `<section class="vehicle${v.vin === o.focusVin ? ' focus' : ''}" data-vin="${e(v.vin)}"${name ? ` data-name="${e(name)}"` : ''}>
<h2>${name ? `<span class="name">${e(name)}</span> ` : ''}<span class="vin">${e(v.vin)}</span> <span class="state ${v.connected ? 'up' : 'down'}">${v.connected ? 'connected' : 'disconnected'}</span> <span class="muted">${formatCount(v.records, o.locale)} records · last ${e(formatAgeAgo(v.lastReceivedAt, o.now))}</span></h2>
<div class="grid"><table class="fields"><thead><tr><th>Field</th><th>Value</th><th>Unit</th><th>Age</th><th>Last minutes</th></tr></thead><tbody>${fieldRows(v, o)}</tbody></table>
<div class="side"><h3>Rule alerts</h3><ol class="rule-alerts">${ruleAlertItems(o.ruleAlerts?.(v.vin) ?? [], o.locale)}</ol><h3>Connectivity</h3><ol class="timeline">${timeline(v)}</ol><h3>Alerts</h3><ul class="alerts">${alerts(v)}</ul><h3>Errors</h3><ul class="errors">${errors(v)}</ul></div></div>
</section>`;
}

/** Whether the vehicle has a section under this filter. */
export function vehicleShown(v: VehicleView, o: RenderOptions): boolean {
  return vehicleMatches(o.filter, v.vin, v.fields.keys(), nameOf(v, o));
}

/** What the panel says when no section shows. */
function emptyMessage(views: readonly VehicleView[], o: RenderOptions): string {
  const focus = o.focusVin && o.filter.vins.length === 1 && o.focusVin.toLowerCase() === o.filter.vins[0] ? o.focusVin : undefined;
  if (focus) {
    const name = o.names?.[focus];
    return `${name ? `${e(name)} (${e(focus)})` : e(focus)} has not streamed yet: it streams once it is online and its telemetry config points at this bridge. Clear the filter to see every vehicle.`;
  }
  return views.length ? 'No vehicle matches the filter.' : 'Waiting for vehicles to stream…';
}

/** The panel's vehicle sections as an HTML string; every vehicle-supplied string is escaped. */
export function renderVehicles(views: readonly VehicleView[], o: RenderOptions): string {
  const visible = views.filter((v) => vehicleShown(v, o));
  if (o.focusVin) visible.sort((a, b) => Number(b.vin === o.focusVin) - Number(a.vin === o.focusVin));
  if (!visible.length) return `<p class="empty muted">${emptyMessage(views, o)}</p>`;
  return visible.map((v) => renderVehicle(v, o)).join('\n');
}
