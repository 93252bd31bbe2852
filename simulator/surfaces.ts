import { authSurface } from './auth/surface';
import { chargingSurface } from './charging/surface';
import { controlSurface } from './control/surface';
import { energySurface } from './energy/surface';
import { partnerSurface } from './partner/surface';
import { statusSurface } from './status/surface';
import type { Surface } from './surface';
import { telemetryConfigSurface } from './telemetry-config/surface';
import { telemetryErrorsSurface } from './telemetry-errors/surface';
import { telemetrySurface } from './telemetry/surface';
import { commandProtocolSurface } from './vehicle-protocol/surface';
import { usageSurface } from './usage/surface';
import { usersSurface } from './users/surface';
import { vehiclesSurface } from './vehicles/surface';

/**
 * Every Tesla surface the simulator serves, in registration order. To add one: create
 * `simulator/<surface>/surface.ts` exporting a `Surface`, import it here and add ONE line to this list.
 */
export const SURFACES: Surface[] = [
  statusSurface,
  authSurface,
  usersSurface,
  vehiclesSurface,
  partnerSurface,
  commandProtocolSurface,
  usageSurface,
  controlSurface,
  telemetryConfigSurface,
  telemetrySurface,
  telemetryErrorsSurface,
  energySurface,
  chargingSurface,
];
