import type { DoctorInput, runDoctor } from '../../../core/checks/doctor/run';
import type { SignedIn, SimHandle } from '../fleet-api/sim-fixture';

/** runDoctor's input for the simulator's app, signed in as `me`, over its CA; `over` adds or replaces fields. */
export function simDoctorInput(h: SimHandle, me: SignedIn, over: Partial<DoctorInput> = {}): DoctorInput {
  return {
    clientId: h.sim.ready.clientId,
    clientSecret: h.sim.ready.clientSecret,
    accessToken: me.accessToken,
    tokenUrl: `${h.sim.urls.auth}/oauth2/v3/token`,
    fleetUrls: { na: h.sim.urls.fleet.na, eu: h.sim.urls.fleet.eu },
    dispatcher: h.dispatcher,
    ...over,
  };
}

/** The report's 'telemetry.synced' item. */
export const telemetrySyncedItem = (r: Awaited<ReturnType<typeof runDoctor>>) => r.checks.find((c) => c.id === 'telemetry.synced')!;
