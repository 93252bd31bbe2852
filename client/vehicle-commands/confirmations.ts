/**
 * Which vehicle commands are confirmed in a modal before they are sent, and the dialog's words: the ones that cannot
 * be undone from here or that hand the car to whoever stands next to it. Pure (no `vscode`).
 */
import type { ParamValue } from '../../core/command-protocol/catalogue';

export interface Confirmation {
  readonly message: string;
  readonly detail: string;
  /** The specific verb of the confirming button. */
  readonly button: string;
}

/**
 * The confirmation for `command` with `params` to the car called `vehicle`, or undefined when it is sent without one.
 * Facts from teslamotors/vehicle-command: pkg/vehicle/security.go EraseGuestData (erases data created in Guest Mode,
 * no effect outside it); pkg/vehicle/actions.go OpenFrunk ("There is no remote way to close the frunk!") and
 * CloseTrunk ("not available on all vehicle types"; actuate_trunk rear is a MOVE); pkg/vehicle/vcsec.go RemoteDrive.
 */
export function commandConfirmation(command: string, params: Readonly<Record<string, ParamValue>>, vehicle: string): Confirmation | undefined {
  switch (command) {
    case 'erase_user_data':
      return {
        message: `Erase the Guest Mode user data on ${vehicle}?`,
        detail: 'The car deletes the data created while it is in Guest Mode (it does nothing outside Guest Mode). This cannot be undone.',
        button: 'Erase',
      };
    case 'remote_start_drive':
      return {
        message: `Allow keyless driving of ${vehicle}?`,
        detail: 'For the next two minutes anyone at the car can start driving it without a key or phone.',
        button: 'Allow Keyless Driving',
      };
    case 'actuate_trunk':
      return params.which_trunk === 'front'
        ? {
            message: `Open the frunk of ${vehicle}?`,
            detail: 'The frunk cannot be closed remotely: someone at the car has to close it by hand.',
            button: 'Open Frunk',
          }
        : {
            message: `Move the rear trunk of ${vehicle}?`,
            detail: 'The trunk opens (a powered trunk that is open closes instead; not every car can close it remotely). Make sure nothing is in its way.',
            button: 'Open Trunk',
          };
    default:
      return undefined;
  }
}
