/** Public API of the Vehicle Command Protocol core. See README.md in this folder. */
export { VehicleCommandClient, type VehicleCommandClientOptions, type ClientStats } from './client';
export { RestCommandSender } from './rest-sender';
export type { CommandOutcome, CommandSender, CommandProgress, ProgressListener } from './outcome';
export * from './catalogue';
export { Domain, ALL_DOMAINS, domainName, domainFromName, type DomainId, type DomainName } from './domains';
export { AsleepError, KeyNotPairedError, ProtocolNotSupportedError, ProtocolRequiredError, SessionAuthenticationError, VehicleFaultError } from './errors';
export { MessageFault, describeFault, faultName, RETRIABLE_FAULTS } from './faults';
export { DomainSession, type CachedSession } from './session';
export { MemorySessionStore, FileSessionStore, type SessionStore } from './session-store';
export { FleetApiCommandTransport, commandClient, type CommandClientOptions } from './transport/fleet-api';
export { checkBaseUrl, BaseUrlError } from './transport/base-url';
export type { SignedCommandTransport, SignedCommandReply, RestCommandTransport, RestCommandResult } from './transport/types';
export { createCommandSender, type CommandTransportKind, type CreateCommandSenderOptions } from './factory';
export { sendWaking } from './wake';
