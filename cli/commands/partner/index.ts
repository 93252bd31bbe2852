/** `fleetkit partner <subcommand>`: partner-domain registration with Tesla, without the editor. */
import { subcommandGroup, type Subcommand } from '../../subcommands';
import { publicKeySubcommand } from './public-key';
import { registerSubcommand } from './register';

const SUBCOMMANDS: Record<string, Subcommand> = {
  'public-key': publicKeySubcommand,
  register: registerSubcommand,
};

export const partnerCommand = subcommandGroup('partner', 'Partner domain with Tesla: register it per region, read the public key on record', SUBCOMMANDS);
