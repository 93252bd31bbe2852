/**
 * A car's Supercharger history: deterministic per VIN (a seeded generator), anchored at the day the simulator first
 * asked for it, in the shape of Tesla's `charging_history` items (camelCase, fees per type, invoices by contentId).
 */
import { createHash } from 'node:crypto';

export interface SimFee {
  sessionFeeId: number;
  feeType: 'CHARGING' | 'PARKING' | 'CONGESTION';
  currencyCode: string;
  pricingType: 'PAYMENT';
  rateBase: number;
  rateTier1: number;
  rateTier2: number;
  rateTier3: null;
  rateTier4: null;
  usageBase: number;
  usageTier1: number;
  usageTier2: number;
  usageTier3: null;
  usageTier4: null;
  totalBase: number;
  totalTier1: number;
  totalTier2: number;
  totalTier3: number;
  totalTier4: number;
  totalDue: number;
  netDue: number;
  uom: 'kwh' | 'min';
  isPaid: boolean;
  status: 'PAID';
}

export interface SimChargingSession {
  sessionId: number;
  vin: string;
  siteLocationName: string;
  chargeStartDateTime: string;
  chargeStopDateTime: string;
  unlatchDateTime: string;
  countryCode: string;
  fees: SimFee[];
  billingType: 'IMMEDIATE';
  invoices: Array<{ fileName: string; contentId: string; invoiceType: 'IMMEDIATE' }>;
  vehicleMakeType: 'TSLA';
}

export interface SiteInfo {
  name: string;
  countryCode: string;
  currency: string;
  /** Price per kWh. */
  rate: number;
  /** Idle fee per minute. */
  idleRate: number;
}

const NA_SITES: SiteInfo[] = [
  { name: 'Truckee, CA - Soaring Way', countryCode: 'US', currency: 'USD', rate: 0.46, idleRate: 0.5 },
  { name: 'Gilroy, CA - Leavesley Rd', countryCode: 'US', currency: 'USD', rate: 0.42, idleRate: 1.0 },
  { name: 'Kettleman City, CA - Bernard Dr', countryCode: 'US', currency: 'USD', rate: 0.38, idleRate: 0.5 },
  { name: 'Toronto, ON - Yorkdale', countryCode: 'CA', currency: 'CAD', rate: 0.55, idleRate: 0.75 },
];
const EU_SITES: SiteInfo[] = [
  { name: 'Grünheide, DE - Gigafactory', countryCode: 'DE', currency: 'EUR', rate: 0.49, idleRate: 0.5 },
  { name: 'Hilden, DE - Kesselsweier', countryCode: 'DE', currency: 'EUR', rate: 0.52, idleRate: 0.5 },
  { name: 'Zürich, CH - Dietlikon', countryCode: 'CH', currency: 'CHF', rate: 0.6, idleRate: 0.6 },
];

export const SESSIONS_PER_VEHICLE = 14;
const DAY = 86_400_000;

/** A small deterministic PRNG (mulberry32) seeded from the VIN. */
function random(seedText: string): () => number {
  let a = createHash('sha256').update(seedText).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const r2 = (n: number): number => Math.round(n * 100) / 100;

function fee(id: number, feeType: SimFee['feeType'], currency: string, rate: number, usage: number, uom: SimFee['uom']): SimFee {
  const total = r2(rate * usage);
  return {
    sessionFeeId: id,
    feeType,
    currencyCode: currency,
    pricingType: 'PAYMENT',
    rateBase: rate,
    rateTier1: 0,
    rateTier2: 0,
    rateTier3: null,
    rateTier4: null,
    usageBase: usage,
    usageTier1: 0,
    usageTier2: 0,
    usageTier3: null,
    usageTier4: null,
    totalBase: total,
    totalTier1: 0,
    totalTier2: 0,
    totalTier3: 0,
    totalTier4: 0,
    totalDue: total,
    netDue: total,
    uom,
    isPaid: true,
    status: 'PAID',
  };
}

/** `count` sessions of `vin` over the 90 days before `anchorMs`, oldest first; EU cars charge at EU sites. */
export function generateSessions(vin: string, region: 'NA' | 'EU', anchorMs: number, count = SESSIONS_PER_VEHICLE): SimChargingSession[] {
  const rnd = random(vin);
  const sites = region === 'EU' ? EU_SITES : NA_SITES;
  const base = 1_000_000 + (createHash('sha256').update(`id:${vin}`).digest().readUInt32LE(0) % 8_000_000) * 10;
  const out: SimChargingSession[] = [];
  const dayStart = Math.floor(anchorMs / DAY) * DAY;
  for (let i = 0; i < count; i++) {
    const site = sites[Math.floor(rnd() * sites.length)];
    const daysAgo = Math.round(((count - i) * 90) / count - rnd() * 3);
    const start = dayStart - daysAgo * DAY + Math.floor((7 + rnd() * 12) * 3_600_000);
    const minutes = 12 + Math.floor(rnd() * 35);
    const stop = start + minutes * 60_000;
    const idleMinutes = rnd() < 0.3 ? 3 + Math.floor(rnd() * 10) : 0;
    const unlatch = stop + (idleMinutes + 1 + Math.floor(rnd() * 3)) * 60_000;
    const kwh = Math.round((15 + rnd() * 45) * 10) / 10;
    const sessionId = base + i;
    const fees: SimFee[] = [fee(sessionId * 10 + 1, 'CHARGING', site.currency, site.rate, kwh, 'kwh')];
    if (idleMinutes > 0) fees.push(fee(sessionId * 10 + 2, 'PARKING', site.currency, site.idleRate, idleMinutes, 'min'));
    if (rnd() < 0.15) fees.push(fee(sessionId * 10 + 3, 'CONGESTION', site.currency, 0.5, 5 + Math.floor(rnd() * 10), 'min'));
    const contentId = createHash('sha256').update(`invoice:${vin}:${sessionId}`).digest('hex').slice(0, 24);
    out.push({
      sessionId,
      vin,
      siteLocationName: site.name,
      chargeStartDateTime: new Date(start).toISOString(),
      chargeStopDateTime: new Date(stop).toISOString(),
      unlatchDateTime: new Date(unlatch).toISOString(),
      countryCode: site.countryCode,
      fees,
      billingType: 'IMMEDIATE',
      invoices: [{ fileName: `${site.countryCode}-${sessionId}.pdf`, contentId, invoiceType: 'IMMEDIATE' }],
      vehicleMakeType: 'TSLA',
    });
  }
  return out;
}
