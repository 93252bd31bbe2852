/** `--since 2h` / `--since 2026-12-07T10:00:00Z`: a relative span back from `now`, or an ISO 8601 time. */

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Epoch ms of a relative span (`90s`, `30m`, `2h`, `7d`, `1w`) before `now`, or of an ISO 8601 time; throws naming the forms accepted. */
export function parseTimeBound(text: string, now: number, what: string): number {
  const rel = /^(\d+(?:\.\d+)?)\s*(s|m|min|h|d|w)$/.exec(text.trim());
  if (rel) return now - Number(rel[1]) * UNIT_MS[rel[2]!]!;
  if (/^\d{4}-\d{2}-\d{2}/.test(text.trim())) {
    const t = Date.parse(text.trim());
    if (Number.isFinite(t)) return t;
  }
  throw new Error(`${what} '${text}' is neither a span back from now (90s, 30m, 2h, 7d, 1w) nor an ISO 8601 time (2026-12-07T10:00:00Z)`);
}
