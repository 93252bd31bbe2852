/** One protocol peer (and PIN secrets) per simulated vehicle, created on first use. */
import type { SimVehicle } from '../vehicles/vehicle';
import type { SimWorld } from '../world/world';
import { commandEffect, type VehicleSecrets } from './apply-command';
import type { VehicleInstruction } from './decode-command';
import { VehiclePeer, type ExecutionResult } from './vehicle-peer';

interface Entry {
  peer: VehiclePeer;
  secrets: VehicleSecrets;
}

export class PeerRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly world: SimWorld) {}

  private entry(vehicle: SimVehicle): Entry {
    let e = this.entries.get(vehicle.vin);
    if (!e) {
      e = {
        peer: new VehiclePeer(vehicle.vin, {
          now: () => this.world.clock.now(),
          otherVins: () => this.world.vehicles.map((v) => v.vin),
          // World config `keyPaired: true` means "your app's key is already paired": the first key that shows up is it.
          autoPairFirstKey: () => vehicle.keyPaired,
          replyCounters: this.world.config.vehicles.find((c) => c.vin === vehicle.vin)?.replyCounters ?? 'per-session',
        }),
        secrets: {},
      };
      this.entries.set(vehicle.vin, e);
    }
    return e;
  }

  peer(vehicle: SimVehicle): VehiclePeer {
    return this.entry(vehicle).peer;
  }

  /** Applies a command to the vehicle's state (both routes use this). */
  execute(vehicle: SimVehicle, instruction: VehicleInstruction): ExecutionResult {
    const effect = commandEffect(vehicle.state, instruction, this.world.clock.now(), this.entry(vehicle).secrets);
    if (effect.ok && Object.keys(effect.patch).length) vehicle.update(effect.patch);
    if (effect.ok && instruction.name === 'set_vehicle_name') vehicle.displayName = String(instruction.params.vehicle_name);
    return effect.ok ? { ok: true } : { ok: false, reason: effect.reason };
  }
}
