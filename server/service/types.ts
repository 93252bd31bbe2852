import type { Diagnostic, TextEdit } from 'vscode-json-languageservice';

/** A quick fix carried by a diagnostic (`diagnostic.data.fixes`) and offered as a code action. */
export interface Fix {
  readonly title: string;
  readonly edits: TextEdit[];
  readonly isPreferred?: boolean;
}

export interface FtDiagnosticData {
  readonly fixes?: Fix[];
}

/** A diagnostic with a stable `FTnnn` code; `message` is plain text (LSP 3.17 clients do not take markup). */
export type FtDiagnostic = Omit<Diagnostic, 'message' | 'code' | 'source' | 'data'> & {
  message: string;
  code: string;
  source: 'fleetkit';
  data?: FtDiagnosticData;
};

/** Firmware the vehicles report, by VIN (e.g. from `fleet_status` or the vehicle list). */
export type VehicleFirmware = Readonly<Record<string, string>>;

export interface ServiceOptions {
  /** Clock in epoch milliseconds; injectable for tests. */
  now?: () => number;
  /** Firmware per VIN, when known; enables the newer-firmware rule. */
  vehicleFirmware?: VehicleFirmware;
}
