/** MessageFault_E (reference §5.4): names, user-facing meanings, and which ones a fresh session can fix. */
export const MessageFault = {
  None: 0,
  Busy: 1,
  Timeout: 2,
  UnknownKeyId: 3,
  InactiveKey: 4,
  InvalidSignature: 5,
  InvalidTokenOrCounter: 6,
  InsufficientPrivileges: 7,
  InvalidDomains: 8,
  InvalidCommand: 9,
  Decoding: 10,
  Internal: 11,
  WrongPersonalization: 12,
  BadParameter: 13,
  KeychainIsFull: 14,
  IncorrectEpoch: 15,
  IvIncorrectLength: 16,
  TimeExpired: 17,
  NotProvisionedWithIdentity: 18,
  CouldNotHashMetadata: 19,
  TimeToLiveTooLong: 20,
  RemoteAccessDisabled: 21,
  RemoteServiceAccessDisabled: 22,
  CommandRequiresAccountCredentials: 23,
  RequestMtuExceeded: 24,
  ResponseMtuExceeded: 25,
  RepeatedCounter: 26,
  InvalidKeyHandle: 27,
  RequiresResponseEncryption: 28,
} as const;

const DESCRIPTIONS: Record<number, string> = {
  1: 'required vehicle subsystem is busy',
  2: 'vehicle subsystem did not respond',
  3: 'vehicle did not recognise the key (not paired)',
  4: 'key has been disabled',
  5: 'signature/MAC incorrect',
  6: 'anti-replay counter reused',
  7: 'role or vehicle state does not permit the command',
  8: 'malformed or unrecognised domain',
  9: 'unrecognised command',
  10: 'could not parse command',
  11: 'internal vehicle error',
  12: 'command sent to the wrong VIN',
  13: 'malformed or deprecated parameter',
  14: 'keychain is full',
  15: 'session epoch mismatch',
  16: 'AES-GCM IV must be 12 bytes',
  17: 'command expired',
  18: 'vehicle has no VIN',
  19: 'vehicle could not hash metadata',
  20: 'expiration too far in the future',
  21: 'owner disabled Mobile Access',
  22: 'remote service access not permitted',
  23: 'command must be sent through Fleet API',
  24: 'request too large',
  25: 'response too large (the command may have run)',
  26: 'repeated counter',
  27: 'invalid key handle',
  28: 'response encryption required',
};

export function faultName(fault: number): string {
  const entry = Object.entries(MessageFault).find(([, v]) => v === fault);
  return entry ? entry[0] : `Fault${fault}`;
}

export function describeFault(fault: number): string {
  return `${DESCRIPTIONS[fault] ?? 'unknown fault'} (fault ${fault} ${faultName(fault)})`;
}

/** Faults worth retrying (Go `Temporary()`); the session-related ones are retried after a session update. */
export const RETRIABLE_FAULTS: ReadonlySet<number> = new Set([1, 2, 5, 6, 11, 15, 17, 20]);
/** Faults that mean our session state is stale: fix it from attached session info, or by a new handshake. */
export const SESSION_FAULTS: ReadonlySet<number> = new Set([5, 6, 15, 17, 20]);
