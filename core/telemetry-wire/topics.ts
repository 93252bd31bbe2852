/** Record topics, without the codec (importable where protobuf and Buffer are not: the Live Telemetry webview's types). */

/** What vehicles send (fleet-telemetry's V, alerts and errors topics). */
export type VehicleTopic = 'V' | 'alerts' | 'errors';
/** A vehicle topic, or the connectivity records the bridge generates. */
export type RecordTopic = VehicleTopic | 'connectivity';
