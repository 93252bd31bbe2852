/**
 * How Fleetkit shows numbers to people: per unit a sensible precision, the user's locale for digits and separators
 * (Intl), durations, coordinates and timestamps. Pure and dependency-free, so the vehicles tree, the Live
 * Telemetry webview and the CLI all format the same way. Exports (CSV/JSON) keep raw values and never come here.
 */

/** Fraction digits [minimum, maximum] per display unit. */
const PRECISION: Readonly<Record<string, readonly [number, number]>> = {
  mi: [1, 1],
  km: [1, 1],
  m: [0, 1],
  mph: [0, 0],
  'mi/h': [0, 0],
  'km/h': [0, 0],
  '°C': [1, 1],
  '°F': [1, 1],
  '°': [0, 0],
  '%': [0, 1],
  kW: [1, 1],
  kWh: [1, 2],
  V: [0, 0],
  A: [0, 0],
  bar: [1, 1],
  psi: [0, 0],
  g: [2, 2],
  'records/s': [0, 1],
  /** Latitude and longitude in degrees: 5 decimals is about 1 m on the ground. */
  coordinate: [5, 5],
};

/** Numbers without a known unit: up to three decimals, as much as a reading usually carries. */
const DEFAULT_PRECISION: readonly [number, number] = [0, 3];
/** Units written straight after the number (an angle); every other unit takes a space ("21.5 °C", "80 %"). */
const ATTACHED = new Set(['°']);
/** Units whose values are durations, shown as "1 h 15 min" rather than "1.25 h". */
const DURATION_SECONDS: Readonly<Record<string, number>> = { h: 3600, min: 60, s: 1 };

/**
 * A BCP 47 tag Intl can use, from whatever the caller has (VS Code's `env.language` such as "de" or "zh-cn",
 * a POSIX locale such as "de_DE.UTF-8"); undefined for none or one Intl does not know (then Intl's default).
 */
export function normalizeLocale(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  const cleaned = tag.split(/[.@]/)[0]!.replace(/_/g, '-');
  if (!cleaned || cleaned === 'C' || cleaned === 'POSIX') return undefined;
  try {
    const [canonical] = Intl.getCanonicalLocales(cleaned);
    return canonical && Intl.NumberFormat.supportedLocalesOf([canonical]).length ? canonical : undefined;
  } catch {
    return undefined;
  }
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Intl.NumberFormat is slow to build; the live panel formats hundreds of values a second, so each is built once. */
function numberFormat(locale: string | undefined, min: number, max: number): Intl.NumberFormat {
  const key = `${locale ?? ''}|${min}|${max}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(normalizeLocale(locale), { minimumFractionDigits: min, maximumFractionDigits: max });
    formatters.set(key, f);
  }
  return f;
}

/** The precision used for a unit ([minimum, maximum] fraction digits). */
export function precisionOf(unit: string): readonly [number, number] {
  return PRECISION[unit] ?? DEFAULT_PRECISION;
}

/** A plain number with the unit's precision, in the locale: formatNumber(223.19931019259252, 'mi', 'de') → "223,2". */
export function formatNumber(value: number, unit = '', locale?: string): string {
  if (!Number.isFinite(value)) return String(value);
  const [min, max] = precisionOf(unit);
  // A reading that rounds to zero shows "0.0", never "-0.0".
  return numberFormat(locale, min, max).format(Number(value.toFixed(max)) === 0 ? 0 : value);
}

/** A whole count with digit grouping: 12345 → "12,345" (en), "12.345" (de). */
export function formatCount(value: number, locale?: string): string {
  if (!Number.isFinite(value)) return String(value);
  return numberFormat(locale, 0, 0).format(Math.round(value) === 0 ? 0 : value);
}

const currencyFormatters = new Map<string, Intl.NumberFormat>();

/**
 * Money with two decimals in the locale: formatCurrency(1.5) → "$1.50", (1.5, 'USD', 'de') → "1,50 $". An amount above
 * zero that would round to "$0.00" (one data call is $0.002) shows as "<$0.01", so a billed call never reads as free.
 */
export function formatCurrency(amount: number, currency = 'USD', locale?: string): string {
  if (!Number.isFinite(amount)) return String(amount);
  const key = `${locale ?? ''}|${currency}`;
  let f = currencyFormatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(normalizeLocale(locale), { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
    currencyFormatters.set(key, f);
  }
  if (amount > 0 && amount < 0.005) return `<${f.format(0.01)}`;
  return f.format(Math.abs(amount) < 0.005 ? 0 : amount);
}

/**
 * A value split for a table with a unit column: durations come back whole ("1 h 15 min", no unit), everything
 * else as the number with the unit's precision and the unit as given.
 */
export function quantityParts(value: number, unit: string, locale?: string): { number: string; unit: string } {
  const seconds = DURATION_SECONDS[unit];
  if (seconds !== undefined && Number.isFinite(value)) return { number: formatDuration(value * seconds, locale, seconds >= 60), unit: '' };
  return { number: formatNumber(value, unit, locale), unit };
}

/** A value with its unit: formatQuantity(21.488346988860847, '°C') → "21.5 °C"; formatQuantity(1.25, 'h') → "1 h 15 min". */
export function formatQuantity(value: number, unit: string, locale?: string): string {
  const p = quantityParts(value, unit, locale);
  if (!p.unit) return p.number;
  return ATTACHED.has(p.unit) ? `${p.number}${p.unit}` : `${p.number} ${p.unit}`;
}

/**
 * A duration in whole units, the two largest that apply: "2 d 3 h", "1 h 15 min", "45 min", "30 s", "0 s".
 * With `wholeMinutes` (values given in hours or minutes) seconds are never shown: "0 min". Negative durations
 * keep their sign ("-5 min").
 */
export function formatDuration(seconds: number, locale?: string, wholeMinutes = false): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const sign = seconds < 0 ? '-' : '';
  let s = Math.round(Math.abs(seconds));
  if (s < 60 && !wholeMinutes) return `${sign}${formatCount(s, locale)} s`;
  if (s < 30) return '0 min';
  s = Math.round(s / 60); // whole minutes from here on
  const parts: Array<[number, string]> = [
    [Math.floor(s / 1440), 'd'],
    [Math.floor((s % 1440) / 60), 'h'],
    [s % 60, 'min'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  const shown = parts.slice(first, first + 2).filter(([n], i) => i === 0 || n > 0);
  return sign + shown.map(([n, u]) => `${formatCount(n, locale)} ${u}`).join(' ');
}

/** One coordinate with its hemisphere: formatCoordinate(37.3926, 'lat') → "37.39260° N"; -122.08 'lon' → "122.08000° W". */
export function formatCoordinate(degrees: number, axis: 'lat' | 'lon', locale?: string): string {
  if (!Number.isFinite(degrees)) return String(degrees);
  const hemisphere = axis === 'lat' ? (degrees < 0 ? 'S' : 'N') : degrees < 0 ? 'W' : 'E';
  return `${formatNumber(Math.abs(degrees), 'coordinate', locale)}° ${hemisphere}`;
}

/** A position: "37.39260° N, 122.08000° W" (the hemisphere letters keep a decimal comma unambiguous). */
export function formatPosition(latitude: number, longitude: number, locale?: string): string {
  return `${formatCoordinate(latitude, 'lat', locale)}, ${formatCoordinate(longitude, 'lon', locale)}`;
}

/**
 * A moment in the locale's date and time style, in the runtime's time zone unless one is given:
 * "Nov 23, 2026, 4:00:00 AM" (en, UTC), "23.11.2026, 04:00:00" (de, UTC).
 */
export function formatTimestamp(ms: number, locale?: string, timeZone?: string): string {
  if (!Number.isFinite(ms)) return String(ms);
  return new Intl.DateTimeFormat(normalizeLocale(locale), { dateStyle: 'medium', timeStyle: 'medium', ...(timeZone ? { timeZone } : {}) }).format(ms);
}

/** An offset from UTC in seconds as people write it: "UTC-8", "UTC+5:30", "UTC". */
export function formatUtcOffset(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const total = Math.round(Math.abs(seconds) / 60);
  if (total === 0) return 'UTC';
  const h = Math.floor(total / 60);
  const m = total % 60;
  return `UTC${seconds < 0 ? '-' : '+'}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}
