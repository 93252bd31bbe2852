/** What a Fleet Telemetry `Field` carries once typed (`prefer_typed`). */
export type TelemetryValueType = 'number' | 'boolean' | 'string' | 'enum' | 'location' | 'doors' | 'tire-location' | 'unknown';

export interface TelemetryFieldInfo {
  /** The `Field` enum name, as used in a config's `fields` object. */
  readonly name: string;
  /** The `Field` enum number (protobuf wire value). */
  readonly number: number;
  readonly valueType: TelemetryValueType;
  /** For `valueType: 'enum'`: the enum of vehicle_data.proto the value belongs to. */
  readonly enum?: string;
  readonly unit?: string;
  /** Minimum vehicle firmware per the proto comments, e.g. `2024.44.25`. */
  readonly minFirmware?: string;
  /** Minimum vehicle telemetry client version per the proto comments, e.g. `1.0.0`. */
  readonly minClientVersion?: string;
  /** Always sent typed regardless of `prefer_typed`. */
  readonly alwaysTyped?: boolean;
  /** `Unknown` (proto zero value), `Deprecated_*` or `Experimental_*`: never configure these. */
  readonly placeholder?: 'unknown' | 'deprecated' | 'experimental';
  readonly semiOnly?: boolean;
  readonly description: string;
}

export interface TelemetryEnumValue {
  readonly name: string;
  readonly number: number;
}
