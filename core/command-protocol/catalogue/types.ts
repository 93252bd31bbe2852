/** Shapes of the command catalogue: what a command is called, where it goes and what it takes. */
import type { DomainName } from '../domains';

export type ParamType = 'boolean' | 'integer' | 'number' | 'string' | 'enum';

export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
  readonly description: string;
  /** Required unless `optional`; `requiredWhen` makes it required only when another boolean param is true. */
  readonly optional?: boolean;
  readonly requiredWhen?: string;
  readonly min?: number;
  readonly max?: number;
  /** For `enum`: the accepted values (strings or numbers, exactly as sent in JSON). */
  readonly values?: readonly (string | number)[];
  readonly default?: boolean | number | string;
  /** For `string`: a regular expression the value must match, with a human description. */
  readonly pattern?: { readonly re: RegExp; readonly description: string };
}

export type ParamValue = boolean | number | string;
export type CommandParams = Readonly<Record<string, ParamValue>>;

export type CommandGroup = 'Security' | 'Climate' | 'Charging' | 'Media' | 'Controls' | 'Driving' | 'Software' | 'Navigation' | 'Power';

interface CommandSpecBase {
  /** The Fleet API / tesla-http-proxy REST name, e.g. `door_lock`. */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly group: CommandGroup;
  readonly params: readonly ParamSpec[];
}

/** A command signed with the Vehicle Command Protocol and sent through `signed_command`. */
export interface SignedCommandSpec extends CommandSpecBase {
  readonly signing: 'signed';
  readonly domain: DomainName;
  /** The plain object protobufjs encodes (VCSEC.UnsignedMessage or CarServer.Action), from validated params. */
  readonly payload: (params: CommandParams, now: () => number) => Record<string, unknown>;
}

/** A command Fleet API takes as plain REST (`POST /api/1/vehicles/{vin}/command/{name}` or `/wake_up`). */
export interface RestCommandSpec extends CommandSpecBase {
  readonly signing: 'rest';
  readonly domain: null;
}

export type CommandSpec = SignedCommandSpec | RestCommandSpec;
