/** Reads a user's time bound (`2026-11-01`, `2026-11-01T08:00:00Z`, `30d` = 30 days ago) as the ISO 8601 string Tesla takes. */

export class TimeBoundError extends Error {
  constructor(input: string) {
    super(`"${input}" is not a time: use a date (2026-11-01), a date-time (2026-11-01T08:00:00Z) or an age such as 30d or 12h`);
    this.name = 'TimeBoundError';
  }
}

export function parseTimeBound(input: string, now: number = Date.now()): string {
  const text = input.trim();
  const age = /^(\d+)\s*([dhw])$/i.exec(text);
  if (age) {
    const unit = age[2].toLowerCase() === 'h' ? 3_600_000 : age[2].toLowerCase() === 'w' ? 7 * 86_400_000 : 86_400_000;
    return new Date(now - Number(age[1]) * unit).toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`))) return `${text}T00:00:00.000Z`;
  if (/^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text))) return new Date(text).toISOString();
  throw new TimeBoundError(input);
}
