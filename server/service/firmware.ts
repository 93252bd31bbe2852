/** Numeric parts of a firmware version such as `2024.44.25.5` or `2024.44.25 abc123` (trailing text ignored). */
export function parseFirmware(version: string): number[] | undefined {
  const m = /^\s*v?(\d+(?:\.\d+)*)/.exec(version);
  if (!m) return undefined;
  return m[1].split('.').map(Number);
}

/** Negative when a < b, 0 when equal, positive when a > b; missing parts count as 0. */
export function compareFirmware(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export interface FirmwareShortfall {
  readonly vin: string;
  readonly firmware: string;
}

/** Vehicles (of `vins`, or all known when `vins` is empty) whose firmware is older than `minimum`. */
export function vehiclesBelow(minimum: string, known: Readonly<Record<string, string>>, vins: readonly string[]): FirmwareShortfall[] {
  const min = parseFirmware(minimum);
  if (!min) return [];
  const scope = vins.length ? vins.filter((v) => known[v] !== undefined) : Object.keys(known);
  const out: FirmwareShortfall[] = [];
  for (const vin of scope) {
    const firmware = known[vin];
    const parsed = parseFirmware(firmware);
    if (parsed && compareFirmware(parsed, min) < 0) out.push({ vin, firmware });
  }
  return out;
}

export function describeShortfall(list: readonly FirmwareShortfall[]): string {
  const shown = list
    .slice(0, 3)
    .map((s) => `${s.vin} (${s.firmware})`)
    .join(', ');
  return list.length > 3 ? `${shown} and ${list.length - 3} more` : shown;
}
