/**
 * The live expiry countdown shown in webviews ("expires in 4 min 12 s"). Pure: the host renders the first text with it
 * and the webview script (dist/webview/live-page.js) ticks it every second.
 */

/** Under this much time left the countdown turns to the warning colour. */
export const EXPIRY_WARNING_MS = 5 * 60_000;

export type ExpiryLevel = 'ok' | 'warning' | 'expired';

export interface ExpiryCountdown {
  readonly text: string;
  readonly level: ExpiryLevel;
}

/** "7 h 59 min 12 s", "4 min 12 s", "42 s" (whole seconds). */
function span(totalSeconds: number): string {
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (h) return `${h} h ${m} min ${s} s`;
  if (m) return `${m} min ${s} s`;
  return `${s} s`;
}

/**
 * The countdown for `msLeft` until expiry: "expires in 4 min 12 s" (level `warning` under 5 minutes), then
 * "expired 12 s ago". Time left rounds up (0.4 s left is "expires in 1 s", never "in 0 s"); time since rounds down.
 */
export function expiryCountdown(msLeft: number): ExpiryCountdown {
  if (!Number.isFinite(msLeft)) return { text: 'expiry unknown', level: 'warning' };
  if (msLeft > 0) return { text: `expires in ${span(Math.ceil(msLeft / 1000))}`, level: msLeft < EXPIRY_WARNING_MS ? 'warning' : 'ok' };
  const ago = Math.floor(-msLeft / 1000);
  return { text: ago ? `expired ${span(ago)} ago` : 'expired', level: 'expired' };
}
