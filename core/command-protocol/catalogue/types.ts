/** Shapes of the command catalogue: what a command is called, where it goes and what it takes. */
import type { DomainName } from '../domains';

export type ParamType = 'boolean' | 'integer' | 'number' | 'string' | 'enum';

/**
 * Checks Tesla does not make. tesla-http-proxy passes these values to the car (which decides); Fleetkit only
 * warns about them in the editor (`paramWarnings`), validation accepts them.
 */
export interface ParamWarn {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: { readonly re: RegExp; readonly description: string };
  /** For `enum`: numbers outside `values` are accepted (the proxy sends them on); this says what the car gets. */
  readonly otherValues?: string;
  /** When the param is left out: what the proxy sends instead (e.g. 0 °C). */
  readonly whenMissing?: string;
}

export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
  readonly description: string;
  /**
   * Required unless `optional`. `requiredWhen` makes it required (and its `pattern` enforced) only when another
   * boolean param is true; otherwise it is only type-checked.
   */
  readonly optional?: boolean;
  readonly requiredWhen?: string;
  /** Read only when this boolean param is true: otherwise tesla-http-proxy ignores it (no checks, not sent). */
  readonly onlyWhen?: string;
  /** tesla-http-proxy never reads it (Fleet API's legacy REST did): a value of the wrong type is dropped, not refused. */
  readonly ignoredByProxy?: boolean;
  /**
   * Refusals Tesla makes too (tesla-http-proxy or pkg/vehicle): the value is refused outside `min`/`max`. For
   * `integer` params the range applies to the whole part, as the proxy converts numbers with Go's int().
   */
  readonly min?: number;
  readonly max?: number;
  /** For `enum`: the accepted values (strings or numbers, exactly as sent in JSON). */
  readonly values?: readonly (string | number)[];
  readonly default?: boolean | number | string;
  /** For `string`: a regular expression the value must match (a refusal Tesla makes), with a human description. */
  readonly pattern?: { readonly re: RegExp; readonly description: string };
  /** For `string`: `days_of_week` is a day list as tesla-http-proxy parses it (see days.ts); sent normalised. */
  readonly format?: 'days_of_week';
  readonly warn?: ParamWarn;
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
