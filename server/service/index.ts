export { createTelemetryConfigService, type TelemetryConfigService } from './language-service';
export { ALL_CODES, CODES, type DiagnosticCodeInfo } from './codes';
export type { Fix, FtDiagnostic, ServiceOptions, VehicleFirmware } from './types';
