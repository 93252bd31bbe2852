export { signTelemetryConfig, privateScalar, TELEMETRY_JWS_AUDIENCE, TELEMETRY_JWS_HEADER, type SignedTelemetryConfig } from './jws';
export { schnorrSign, schnorrChallenge, rfc6979Nonce, P256_GENERATOR } from './schnorr';
export {
  pushTelemetryConfig,
  pushTelemetryConfigViaProxy,
  removeTelemetryConfig,
  splitRequest,
  telemetrySyncStatus,
  SKIP_FIXES,
  type PushResult,
  type SkipReason,
  type SyncStatus,
} from './push';
export { diffTelemetryConfig, describeChanges, isLoopbackHost, streamRepoint, type ConfigChange, type ConfigDiff } from './diff';
