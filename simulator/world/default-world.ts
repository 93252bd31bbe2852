import type { WorldConfig } from './types';
import { DEFAULT_RATE_LIMITS, DEFAULT_SETTINGS } from './types';

/** The loopback callback the extension's fallback sign-in flow listens on. */
export const DEFAULT_LOOPBACK_REDIRECT = 'http://127.0.0.1:48123/callback';
/**
 * The simulator's own bounce page (see simulator/README.md, "Bounce redirect page"), served on the auth host and on
 * the browser listener; `${browser}` is the one a browser can open without a certificate warning.
 */
export const BOUNCE_PATH = '/fleetkit/callback';

/** The world used when no `--config` is given. Ids and secrets are fixed so docs and tests can rely on them. */
export function defaultWorld(): WorldConfig {
  return {
    app: {
      name: 'Fleetkit Simulator App',
      clientId: 'fleetkit-sim-client',
      clientSecret: 'ta-secret.fleetkit-simulator-secret',
      redirectUris: [DEFAULT_LOOPBACK_REDIRECT, 'http://localhost:48123/callback', `\${auth}${BOUNCE_PATH}`, `\${browser}${BOUNCE_PATH}`],
      allowedOrigins: ['https://fleetkit.example.com'],
    },
    accounts: [
      { id: '8b2f4d0e-1111-4c2a-9f00-00000000aa01', email: 'ada@example.com', fullName: 'Ada Owner', region: 'NA' },
      { id: '8b2f4d0e-2222-4c2a-9f00-00000000eu02', email: 'emil@example.eu', fullName: 'Emil Eigner', region: 'EU' },
    ],
    vehicles: [
      {
        vin: '5YJ3E1EA8KF000001',
        owner: '8b2f4d0e-1111-4c2a-9f00-00000000aa01',
        displayName: 'Commuter',
        model: '3',
        year: 2019,
        color: 'MidnightSilver',
        firmware: '2024.44.25.3',
        state: 'online',
        keyPaired: true,
        fleetTelemetryVersion: '1.0.0',
        location: { latitude: 37.4925, longitude: -121.9447, heading: 90 },
      },
      {
        vin: '7SAYGDEE1PF000002',
        owner: '8b2f4d0e-1111-4c2a-9f00-00000000aa01',
        displayName: 'Family Y',
        model: 'Y',
        year: 2023,
        color: 'PearlWhite',
        firmware: '2024.38.7',
        state: 'asleep',
        keyPaired: false,
        fleetTelemetryVersion: '1.0.0',
        location: { latitude: 37.3947, longitude: -122.1503, heading: 180 },
      },
      {
        vin: '5YJSA1E24FF000003',
        owner: '8b2f4d0e-1111-4c2a-9f00-00000000aa01',
        displayName: 'Classic S',
        model: 'S',
        year: 2015,
        color: 'SolidBlack',
        firmware: '2023.44.30.8',
        state: 'asleep',
        keyPaired: false,
        commandProtocolRequired: false,
        location: { latitude: 37.7749, longitude: -122.4194, heading: 0 },
      },
      {
        vin: '7G2CEHED4RA000004',
        owner: '8b2f4d0e-1111-4c2a-9f00-00000000aa01',
        displayName: 'Truck',
        model: 'Cybertruck',
        year: 2024,
        color: 'Stainless',
        firmware: '2024.45.32.1',
        state: 'offline',
        keyPaired: true,
        fleetTelemetryVersion: '1.0.0',
        location: { latitude: 30.2672, longitude: -97.7431, heading: 270 },
      },
      {
        vin: 'LRW3E7FA7MC000005',
        owner: '8b2f4d0e-2222-4c2a-9f00-00000000eu02',
        displayName: 'Berlin 3',
        model: '3',
        year: 2021,
        color: 'DeepBlue',
        firmware: '2024.44.25.3',
        state: 'online',
        keyPaired: true,
        fleetTelemetryVersion: '1.0.0',
        location: { latitude: 52.52, longitude: 13.405, heading: 45 },
      },
      {
        vin: 'XP7YGCEK4PB000006',
        owner: '8b2f4d0e-2222-4c2a-9f00-00000000eu02',
        displayName: 'Grünheide Y',
        model: 'Y',
        year: 2023,
        color: 'QuicksilverRed',
        firmware: '2024.32.10',
        state: 'asleep',
        keyPaired: false,
        location: { latitude: 52.3967, longitude: 13.7944, heading: 135 },
      },
    ],
    energySites: [
      {
        id: 'STE20240315-00101',
        energySiteId: 2252143998764501,
        owner: '8b2f4d0e-1111-4c2a-9f00-00000000aa01',
        siteName: 'Home',
        timeZone: 'America/Los_Angeles',
        powerwalls: 2,
        solarKw: 8.2,
        homeKw: 1.1,
        wallConnector: true,
        seed: 101,
      },
      {
        id: 'STE20250602-00102',
        energySiteId: 2252143998764502,
        owner: '8b2f4d0e-1111-4c2a-9f00-00000000aa01',
        siteName: 'Cabin',
        timeZone: 'America/Denver',
        powerwalls: 1,
        powerwallModel: 'powerwall3',
        solarKw: 4.8,
        homeKw: 0.6,
        backupReservePercent: 30,
        seed: 102,
      },
    ],
    settings: { ...DEFAULT_SETTINGS },
    rateLimits: structuredClone(DEFAULT_RATE_LIMITS),
  };
}
