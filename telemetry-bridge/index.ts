/** In-process API of the telemetry bridge. */
export { startBridge, type BridgeOptions, type RunningBridge } from './bridge';
export { loadCaBundles, splitCertificates, parseFileConfig, resolveConfig, BridgeConfigError, type BridgeFileConfig } from './config';
export { readyLine, runBridgeCommand, startBridgeFromArgs, BRIDGE_USAGE } from './command';
export { loadTeslaVehicleCas, teslaVehicleCaFile, TESLA_VEHICLE_CA_DIR, type TeslaCaEnv } from './certs/tesla-vehicle-cas';
export type { BridgeRecord } from './record';
export { FEED_PROTOCOL_VERSION, type BridgeStats } from '../core/messages/live-feed';
export { SPOOL_FILE_PATTERN } from './outputs/spool';
