/** Deterministic nearby charging sites around a position (what `nearby_charging_sites` returns). */

const EARTH_RADIUS_MI = 3958.8;

export function distanceMiles(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = (d: number): number => (d * Math.PI) / 180;
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_MI * Math.asin(Math.sqrt(a));
}

interface Site {
  location: { lat: number; long: number };
  name: string;
  type: 'supercharger' | 'destination';
  distance_miles: number;
  amenities?: string;
  available_stalls?: number;
  total_stalls?: number;
  site_closed?: boolean;
  billing_info?: string;
}

const SUPERCHARGER_OFFSETS: Array<[number, number, string, number]> = [
  [0.012, -0.008, 'Town Center Supercharger', 12],
  [-0.05, 0.031, 'Highway Plaza Supercharger', 20],
  [0.11, 0.09, 'Outlet Mall Supercharger', 16],
  [-0.2, -0.17, 'Lakeside Supercharger', 8],
];
const DESTINATION_OFFSETS: Array<[number, number, string]> = [
  [0.004, 0.003, 'Grand Hotel'],
  [-0.021, 0.015, 'City Parking Garage'],
  [0.06, -0.052, 'Winery Estate'],
];

export function nearbySites(lat: number, lon: number, opts: { count?: number; radiusMiles?: number; detail: boolean }, nowMs: number): Record<string, unknown> {
  const mk = (dLat: number, dLon: number, name: string, type: Site['type'], stalls?: number): Site => {
    const sLat = +(lat + dLat).toFixed(6);
    const sLon = +(lon + dLon).toFixed(6);
    const site: Site = { location: { lat: sLat, long: sLon }, name, type, distance_miles: +distanceMiles(lat, lon, sLat, sLon).toFixed(3) };
    if (type === 'supercharger') {
      site.total_stalls = stalls;
      site.available_stalls = Math.max(0, (stalls ?? 0) - Math.round(Math.abs(dLat) * 40));
      site.site_closed = false;
    }
    if (opts.detail) {
      site.amenities = type === 'supercharger' ? 'restrooms,wifi,lodging,shopping' : 'restrooms,wifi';
      if (type === 'supercharger') site.billing_info = 'kWh';
    }
    return site;
  };
  const filter = (sites: Site[]): Site[] => {
    let s = sites.sort((a, b) => a.distance_miles - b.distance_miles);
    if (opts.radiusMiles !== undefined) s = s.filter((x) => x.distance_miles <= opts.radiusMiles!);
    if (opts.count !== undefined) s = s.slice(0, opts.count);
    return s;
  };
  return {
    congestion_sync_time_utc_secs: Math.floor(nowMs / 1000),
    destination_charging: filter(DESTINATION_OFFSETS.map(([a, b, n]) => mk(a, b, n, 'destination'))),
    superchargers: filter(SUPERCHARGER_OFFSETS.map(([a, b, n, s]) => mk(a, b, n, 'supercharger', s))),
    timestamp: nowMs,
  };
}
