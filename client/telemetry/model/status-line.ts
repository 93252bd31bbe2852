import type { BridgeStatus } from '../messages';
import { escapeHtml as e } from './escape';
import { formatCount, formatNumber } from '../../../core/format/quantity';

export interface StatusLineInput {
  status: BridgeStatus;
  /** Records the page has drawn: frozen while paused, so the count matches the values on screen. */
  shown: number;
  /** Records the page has received (drawn or not). */
  received: number;
  paused: boolean;
  locale?: string;
}

/**
 * The panel's status line (HTML). The bridge's own figures (vehicles, records/s) stay live; "shown" counts only what
 * is on screen, and while paused the records that arrived since are counted separately.
 */
export function statusLineHtml(i: StatusLineInput): string {
  const s = i.status;
  const waiting = Math.max(0, i.received - i.shown);
  const running =
    s.state === 'running'
      ? ` · <span id="vehicle-count">${formatCount(s.connectedVehicles, i.locale)}</span> vehicles · <span id="rate">${formatNumber(s.recordsPerSecond, 'records/s', i.locale)}</span> records/s · <span id="shown">${formatCount(i.shown, i.locale)}</span> shown${s.dropped ? ` · ${formatCount(s.dropped, i.locale)} dropped` : ''}`
      : '';
  const paused = i.paused ? ` · <span class="paused">paused</span>${waiting ? ` (<span id="waiting">${formatCount(waiting, i.locale)}</span> new)` : ''}` : '';
  return `<span class="state ${e(s.state)}">${e(s.state)}</span> ${e(s.detail)}${running}${paused}`;
}
