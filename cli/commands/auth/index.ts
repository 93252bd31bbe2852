/** `fleetkit auth <subcommand>`: sign in without the editor; other commands use the stored sign-in. */
import { subcommandGroup, type Subcommand } from '../../subcommands';
import { loginSubcommand } from './login';
import { logoutSubcommand } from './logout';
import { statusSubcommand } from './status';
import { tokenSubcommand } from './token';

const SUBCOMMANDS: Record<string, Subcommand> = {
  login: loginSubcommand,
  logout: logoutSubcommand,
  status: statusSubcommand,
  token: tokenSubcommand,
};

export const authCommand = subcommandGroup(
  'auth',
  'Sign in to Tesla (OAuth + PKCE) and keep the tokens in a protected store: login, status, token, logout',
  SUBCOMMANDS,
);
