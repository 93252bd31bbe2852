/** Local wall-clock time in an IANA time zone, for the site's sun and load curves and Tesla's RFC 3339 timestamps. */

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC in minutes at `ms` (computed once per UTC hour: zones change offset on the hour). */
export function utcOffsetMinutes(ms: number, timeZone: string): number {
  const hourStart = Math.floor(ms / 3_600_000) * 3_600_000;
  const key = `${timeZone}@${hourStart}`;
  const hit = offsets.get(key);
  if (hit !== undefined) return hit;
  const p = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(hourStart))
      .map((x) => [x.type, x.value]),
  );
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
  const offset = Math.round((asUtc - hourStart) / 60_000);
  if (offsets.size > 50_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

export interface LocalTime {
  /** Whole local days since 1970-01-01. */
  day: number;
  /** Hours into the local day, 0 ≤ hour < 24. */
  hour: number;
  offsetMinutes: number;
}

export function localTime(ms: number, timeZone: string): LocalTime {
  const offsetMinutes = utcOffsetMinutes(ms, timeZone);
  const local = ms + offsetMinutes * 60_000;
  const day = Math.floor(local / 86_400_000);
  return { day, hour: (local - day * 86_400_000) / 3_600_000, offsetMinutes };
}

/** `2026-12-07T09:30:00-08:00`: RFC 3339 with the zone's offset, as Tesla writes energy timestamps. */
export function rfc3339Local(ms: number, timeZone: string): string {
  const offset = utcOffsetMinutes(ms, timeZone);
  const local = new Date(Math.floor(ms / 1000) * 1000 + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The UTC instant at which the local day `day` (days since epoch, local) starts. */
export function localDayStartMs(day: number, timeZone: string): number {
  const guess = day * 86_400_000;
  // Offsets differ by at most a day; two corrections settle DST edges.
  let ms = guess - utcOffsetMinutes(guess, timeZone) * 60_000;
  ms = guess - utcOffsetMinutes(ms, timeZone) * 60_000;
  return ms;
}
