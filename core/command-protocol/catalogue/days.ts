/**
 * `days_of_week` of add_charge_schedule / add_precondition_schedule, as tesla-http-proxy reads it
 * (teslamotors/vehicle-command pkg/proxy/command.go, getDays): a comma-separated list of day names, any case,
 * spaces around each name ignored; each name sets one bit of the mask (Sunday = 1, Monday = 2 … Saturday = 64),
 * ALL = 127 and WEEKDAYS = 62; names OR together; any other name (an empty one too) is refused.
 *
 * Fleetkit also takes TUE, THU and THUR, which the proxy refuses (Fleetkit's own earlier spellings), and always
 * sends a spelling the proxy parses (`daysOfWeekText`).
 */

/** The proxy's table of names (upper case) and bits. */
const PROXY_DAYS: Readonly<Record<string, number>> = {
  SUN: 1,
  SUNDAY: 1,
  MON: 2,
  MONDAY: 2,
  TUES: 4,
  TUESDAY: 4,
  WED: 8,
  WEDNESDAY: 8,
  THURS: 16,
  THURSDAY: 16,
  FRI: 32,
  FRIDAY: 32,
  SAT: 64,
  SATURDAY: 64,
  ALL: 127,
  WEEKDAYS: 62,
};

/** Accepted by Fleetkit, refused by the proxy: normalised before anything is sent. */
const FLEETKIT_ONLY: Readonly<Record<string, number>> = { TUE: 4, THU: 16, THUR: 16 };

const FULL_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export const ALL_DAYS = 127;
export const WEEKDAYS = 62;

export interface ParsedDays {
  readonly mask: number;
  /** Names the proxy would refuse but Fleetkit takes (they are sent normalised). */
  readonly fleetkitOnly: readonly string[];
}

/** Parses a day list; `{ error }` in the proxy's wording when a name is unknown. */
export function parseDaysOfWeek(text: string): ParsedDays | { readonly error: string } {
  let mask = 0;
  const fleetkitOnly: string[] = [];
  for (const part of text.split(',')) {
    const name = part.trim().toUpperCase();
    const bit = PROXY_DAYS[name] ?? FLEETKIT_ONLY[name];
    if (bit === undefined) return { error: `unrecognized day name: ${part}` };
    if (PROXY_DAYS[name] === undefined) fleetkitOnly.push(part.trim());
    mask |= bit;
  }
  return { mask, fleetkitOnly };
}

/** The bit mask for a day list (Sunday = bit 0); throws on a name neither the proxy nor Fleetkit knows. */
export function daysOfWeekMask(text: string): number {
  const parsed = parseDaysOfWeek(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.mask;
}

/** A spelling of `mask` that tesla-http-proxy parses back to the same mask: "All", "Weekdays" or "Monday,Friday". */
export function daysOfWeekText(mask: number): string {
  if ((mask & ALL_DAYS) === ALL_DAYS) return 'All';
  if ((mask & ALL_DAYS) === WEEKDAYS) return 'Weekdays';
  return FULL_NAMES.filter((_, i) => mask & (1 << i)).join(',');
}
