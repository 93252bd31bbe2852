/**
 * The go-live walkthrough's steps and what completes each one, from real results (never from a click): the doctor's
 * items, a PEM hosting report, a telemetry-server report. Pure (no VS Code API), so the mapping is unit-tested.
 */
import { summarize, type CheckReport } from '../../core/checks/types';

/**
 * `vehiclePaired` is any car (the getting-started walkthrough, simulator included); `teslaVehiclePaired` only a car of
 * Tesla's (the go-live walkthrough). Each step's context key is `fleetkit.<step>`; the walkthrough's completionEvents name them. `signedInTesla` is set
 * by the sign-in provider from the live sessions, not remembered here.
 */
export type GoLiveStep =
  | 'appConfigured'
  | 'signedInTesla'
  | 'commandKeyReady'
  | 'publicKeyVerified'
  | 'partnerRegistered'
  | 'vehiclePaired'
  | 'teslaVehiclePaired'
  | 'telemetryServerVerified'
  | 'telemetryConfigPushed'
  | 'telemetryStreaming';

export const GO_LIVE_STEPS: readonly GoLiveStep[] = [
  'appConfigured',
  'signedInTesla',
  'commandKeyReady',
  'publicKeyVerified',
  'partnerRegistered',
  'vehiclePaired',
  'teslaVehiclePaired',
  'telemetryServerVerified',
  'telemetryConfigPushed',
  'telemetryStreaming',
];

export const contextKey = (step: GoLiveStep): string => `fleetkit.${step}`;

/** Doctor item id → the step its verdict proves (a pass completes it, a fail undoes it, a skip says nothing). */
const DOCTOR_ITEMS: Readonly<Record<string, GoLiveStep>> = {
  'app.credentials': 'appConfigured',
  'pem.hosting': 'publicKeyVerified',
  'partner.registered': 'partnerRegistered',
  'vehicles.paired': 'teslaVehiclePaired',
};

export type StepUpdate = Partial<Record<GoLiveStep, boolean>>;

/** What a doctor report says about the steps. Only a report about Tesla (not the simulator) counts for go-live. */
export function stepsFromDoctor(report: CheckReport, environment: 'tesla' | 'simulator'): StepUpdate {
  if (environment !== 'tesla') return {};
  const update: StepUpdate = {};
  for (const c of report.checks) {
    const step = DOCTOR_ITEMS[c.id];
    if (!step || c.status === 'skip') continue;
    update[step] = c.status !== 'fail';
  }
  return update;
}

/** A whole report (PEM hosting, telemetry server) completes its step when nothing failed. */
export function stepFromReport(step: GoLiveStep, report: CheckReport): StepUpdate {
  return { [step]: summarize(report.checks).ok };
}
