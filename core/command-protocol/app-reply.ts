/** Reads the application-layer answer inside a reply: CarServer.Response (infotainment) or FromVCSECMessage. */
import { Domain, type DomainId } from './domains';
import { CarServerResponseType, enumValues, VcsecFromVcsecMessageType } from './schema';

export interface AppReply {
  ok: boolean;
  reason: string;
  /** VCSEC said WAIT: try again shortly. */
  busy: boolean;
}

export function readAppReply(domain: DomainId, plaintext: Uint8Array): AppReply {
  try {
    return decodeAppReply(domain, plaintext);
  } catch {
    return { ok: false, reason: 'the vehicle answered with a reply that does not decode (the command may have run)', busy: false };
  }
}

function decodeAppReply(domain: DomainId, plaintext: Uint8Array): AppReply {
  if (domain === Domain.Infotainment) {
    if (plaintext.length === 0) return { ok: true, reason: '', busy: false };
    const r = CarServerResponseType.toObject(CarServerResponseType.decode(plaintext)) as {
      actionStatus?: { result?: number; result_reason?: { plain_text?: string } };
    };
    const failed = r.actionStatus?.result === 1;
    return { ok: !failed, reason: failed ? (r.actionStatus?.result_reason?.plain_text ?? 'vehicle refused the command') : '', busy: false };
  }
  if (plaintext.length === 0) return { ok: true, reason: '', busy: false };
  const m = VcsecFromVcsecMessageType.toObject(VcsecFromVcsecMessageType.decode(plaintext)) as {
    nominalError?: { genericError?: number };
    commandStatus?: { operationStatus?: number };
  };
  if (m.nominalError) {
    const names = enumValues('VCSEC.GenericError_E');
    const name = Object.keys(names).find((k) => names[k] === m.nominalError?.genericError) ?? 'GENERICERROR_UNKNOWN';
    return { ok: false, reason: name.replace(/^GENERICERROR_/, '').toLowerCase(), busy: false };
  }
  const status = m.commandStatus?.operationStatus ?? 0;
  if (status === 1) return { ok: false, reason: 'vehicle security controller is busy', busy: true };
  if (status === 2) return { ok: false, reason: 'vehicle security controller reported an error', busy: false };
  return { ok: true, reason: '', busy: false };
}
