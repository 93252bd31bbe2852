/**
 * Live Telemetry's history section (docs/history.md): the window shown (zoom and pan), a number series as an SVG chart
 * (the min–max band per step and the average line), a state field's changes, and the charging sessions and drives.
 * Pure HTML strings; every value from the bridge is escaped.
 */
import type { HistoryNumberSeries, HistoryStateSeries, HistorySummaries } from '../../../core/messages/history';
import { formatDuration, formatQuantity, formatTimestamp } from '../../../core/format/quantity';
import { escapeHtml as e } from './escape';

/** What the chart shows: the span ending at `until` (epoch ms). */
export interface HistoryWindow {
  until: number;
  spanMs: number;
}

export const HOUR_MS = 3_600_000;
/** The range buttons. */
export const HISTORY_RANGES: ReadonlyArray<{ label: string; spanMs: number }> = [
  { label: '1 h', spanMs: HOUR_MS },
  { label: '6 h', spanMs: 6 * HOUR_MS },
  { label: '24 h', spanMs: 24 * HOUR_MS },
  { label: '7 d', spanMs: 7 * 24 * HOUR_MS },
];
const MIN_SPAN = 10 * 60_000;
const MAX_SPAN = 90 * 24 * HOUR_MS;

/**
 * Zooms: factor < 1 zooms in (10 min at the least, 90 days at most). A window that ends at the newest record keeps
 * its end (zooming into the latest data); any other keeps its middle.
 */
export function zoom(w: HistoryWindow, factor: number, newest: number): HistoryWindow {
  const span = Math.round(Math.min(MAX_SPAN, Math.max(MIN_SPAN, w.spanMs * factor)));
  if (w.until >= newest) return { until: w.until, spanMs: span };
  const middle = w.until - w.spanMs / 2;
  return { until: Math.round(middle + span / 2), spanMs: span };
}

/** Moves the window by half its span, earlier (-1) or later (+1), never past `newest`. */
export function pan(w: HistoryWindow, direction: -1 | 1, newest: number): HistoryWindow {
  return { spanMs: w.spanMs, until: Math.min(Math.max(newest, w.spanMs), w.until + (direction * w.spanMs) / 2) };
}

const W = 640;
const H = 160;
const PAD = 4;

/** A number series as an SVG chart over the window: a band from min to max per step and the average line. */
export function numberChart(s: HistoryNumberSeries, w: HistoryWindow, locale?: string): string {
  const t0 = w.until - w.spanMs;
  const pts = s.points.filter((p) => p.t + s.stepMs >= t0 && p.t <= w.until);
  if (!pts.length) return `<p class="muted">No ${e(s.field)} values in this window.</p>`;
  const lo = Math.min(...pts.map((p) => p.min));
  const hi = Math.max(...pts.map((p) => p.max));
  const range = hi - lo || 1;
  const x = (t: number): number => Math.round(((t - t0) / w.spanMs) * W * 10) / 10;
  const y = (v: number): number => Math.round((H - PAD - ((v - lo) / range) * (H - 2 * PAD)) * 10) / 10;
  const mid = (p: { t: number }): number => x(p.t + s.stepMs / 2);
  const band =
    pts.map((p, i) => `${i ? 'L' : 'M'}${mid(p)} ${y(p.max)}`).join(' ') +
    ' ' +
    [...pts]
      .reverse()
      .map((p) => `L${mid(p)} ${y(p.min)}`)
      .join(' ') +
    ' Z';
  const avg = pts.map((p, i) => `${i ? 'L' : 'M'}${mid(p)} ${y(p.avg)}`).join(' ');
  const label = `${s.field}: ${formatQuantity(lo, s.unit, locale)} to ${formatQuantity(hi, s.unit, locale)}`;
  return `<figure class="history-chart" data-field="${e(s.field)}" data-points="${pts.length}">
<svg viewBox="0 0 ${W} ${H}" width="100%" height="${H}" preserveAspectRatio="none" role="img" aria-label="${e(label)}"><title>${e(label)}</title><path class="band" d="${band}"/><path class="avg" d="${avg}"/></svg>
<figcaption><span class="muted">${e(formatTimestamp(t0, locale))}</span> <span>min ${e(formatQuantity(lo, s.unit, locale))} · max ${e(formatQuantity(hi, s.unit, locale))} · ${e(formatDuration(s.stepMs / 1000, locale, true))} steps</span> <span class="muted">${e(formatTimestamp(w.until, locale))}</span></figcaption>
</figure>`;
}

/** A state field's changes in the window, newest first. */
export function stateChanges(s: HistoryStateSeries, locale?: string): string {
  if (!s.changes.length) return `<p class="muted">No ${e(s.field)} changes in this window.</p>`;
  return `<ol class="history-changes">${[...s.changes]
    .reverse()
    .map((c) => `<li><span class="t">${e(formatTimestamp(c.t, locale))}</span> ${e(c.value)}</li>`)
    .join('')}</ol>`;
}

const soc = (from?: number, to?: number, locale?: string): string =>
  from === undefined || to === undefined ? '' : ` · SoC ${formatQuantity(from, '%', locale)} → ${formatQuantity(to, '%', locale)}`;

/** Charging sessions and drives in the window, newest first. */
export function summariesList(s: HistorySummaries, locale?: string): string {
  const items = [
    ...s.sessions.map((x) => ({
      start: x.start,
      html: `<li class="session"><strong>Charging</strong> <span class="t">${e(formatTimestamp(x.start, locale))}</span> · ${e(formatDuration(x.durationS, locale))}${x.ongoing ? ' (ongoing)' : ''}${
        x.energyAddedKwh !== undefined ? ` · ${e(formatQuantity(x.energyAddedKwh, 'kWh', locale))} added` : ''
      }${x.averagePowerKw !== undefined ? ` · ${e(formatQuantity(x.averagePowerKw, 'kW', locale))} average` : ''}${e(soc(x.socFrom, x.socTo, locale))}</li>`,
    })),
    ...s.drives.map((x) => ({
      start: x.start,
      html: `<li class="drive"><strong>Drive</strong> <span class="t">${e(formatTimestamp(x.start, locale))}</span> · ${e(formatDuration(x.durationS, locale))}${x.ongoing ? ' (ongoing)' : ''}${
        x.distanceMi !== undefined ? ` · ${e(formatQuantity(x.distanceMi, 'mi', locale))}` : ''
      }${x.averageSpeedMph !== undefined ? ` · ${e(formatQuantity(x.averageSpeedMph, 'mph', locale))} average` : ''}${
        x.maxSpeedMph !== undefined ? ` · ${e(formatQuantity(x.maxSpeedMph, 'mph', locale))} top` : ''
      }${e(soc(x.socFrom, x.socTo, locale))}</li>`,
    })),
  ].sort((a, b) => b.start - a.start);
  if (!items.length) return '<p class="muted">No charging sessions or drives in this window.</p>';
  return `<ul class="history-summaries">${items.map((i) => i.html).join('')}</ul>`;
}
