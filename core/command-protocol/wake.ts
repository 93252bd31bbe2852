/**
 * Waking a sleeping vehicle before a command, with the one wake policy Fleetkit has everywhere
 * (core/fleet-api/wake.ts): exactly one `wake_up` (billed as a wake), then state checks with backoff.
 */
import { endpointPath } from '../fleet-api/endpoints/table';
import { AsleepError } from '../fleet-api/errors';
import type { VehicleEndpoints } from '../fleet-api/vehicles';
import { wakeAndWait, type WakeOptions } from '../fleet-api/wake';
import type { CommandOutcome, CommandSender } from './outcome';

/**
 * Sends a command; if the car is asleep and `wake` allows it (a boolean, or a prompt such as "Wake the car? It is
 * billed as a wake"), wakes it once and sends again when it is online. A car that stays asleep is an AsleepError
 * naming how many checks were spent.
 */
export async function sendWaking(
  sender: CommandSender,
  vehicles: VehicleEndpoints,
  vin: string,
  command: string,
  params: unknown,
  wake: boolean | (() => Promise<boolean>),
  options: WakeOptions = {},
): Promise<CommandOutcome & { woke: boolean }> {
  try {
    return { ...(await sender.send(vin, command, params, options.signal)), woke: false };
  } catch (err) {
    if (!(err instanceof AsleepError) || command === 'wake_up') throw err;
    const agreed = typeof wake === 'function' ? await wake() : wake;
    if (!agreed) throw err;
    const woke = await wakeAndWait(vehicles, vin, options);
    if (!woke.online) {
      throw new AsleepError(
        {
          status: 408,
          method: 'POST',
          path: endpointPath('vehicle.wake_up', { vehicle_tag: vin }),
          errorDescription: `still ${woke.state} after one wake_up and ${woke.polls} state checks`,
        },
        vin,
      );
    }
    return { ...(await sender.send(vin, command, params, options.signal)), woke: true };
  }
}
