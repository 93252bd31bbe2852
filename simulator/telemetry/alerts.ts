import type { VehicleAlertJson } from '../../core/telemetry-wire';
import type { VehicleStateSections } from '../vehicles/state';
import type { Physics } from './physics';

interface AlertRule {
  name: string;
  audiences: string[];
  /** Raises at `on`, clears at `off` (hysteresis so a value on the edge does not flap). */
  on(s: VehicleStateSections, p: Physics): boolean;
  off(s: VehicleStateSections, p: Physics): boolean;
}

/** Simulated vehicle alerts (names in Tesla's `<ECU>_<a|w><nnn>_<Text>` style), raised from the car's state. */
const RULES: AlertRule[] = [
  { name: 'BMS_w140_HighPackTemperature', audiences: ['Service', 'Customer'], on: (_s, p) => p.moduleTempMax > 38, off: (_s, p) => p.moduleTempMax < 35 },
  { name: 'VCFRONT_w100_LowBattery', audiences: ['Customer'], on: (_s, p) => p.soc < 20, off: (_s, p) => p.soc > 22 },
  {
    name: 'CHG_w020_ChargingComplete',
    audiences: ['Customer'],
    on: (s) => s.charge_state.charging_state === 'Complete',
    off: (s) => s.charge_state.charging_state !== 'Complete',
  },
];

const AUDIENCE_BY_CONFIG: Record<string, string> = { service: 'Service', customer: 'Customer', 'service-fix': 'ServiceFix' };

/** Tracks which alerts are active for one car and reports starts and ends. */
export class AlertTracker {
  private readonly active = new Map<string, number>();
  private readonly audiences: Set<string>;

  /** `alertTypes` is the config's `alert_types` (service, customer, service-fix); none → no alerts are streamed. */
  constructor(alertTypes: unknown) {
    this.audiences = new Set(Array.isArray(alertTypes) ? alertTypes.map((t) => AUDIENCE_BY_CONFIG[String(t)]).filter((a): a is string => !!a) : []);
  }

  /** Alerts that started or ended now, filtered to the configured audiences. */
  update(now: number, state: VehicleStateSections, physics: Physics): VehicleAlertJson[] {
    const out: VehicleAlertJson[] = [];
    for (const rule of RULES) {
      const startedAt = this.active.get(rule.name);
      let changed: VehicleAlertJson | undefined;
      if (startedAt === undefined && rule.on(state, physics)) {
        this.active.set(rule.name, now);
        changed = { name: rule.name, audiences: rule.audiences, startedAt: now };
      } else if (startedAt !== undefined && rule.off(state, physics)) {
        this.active.delete(rule.name);
        changed = { name: rule.name, audiences: rule.audiences, startedAt, endedAt: now };
      }
      if (changed && rule.audiences.some((a) => this.audiences.has(a))) out.push(changed);
    }
    return out;
  }
}
