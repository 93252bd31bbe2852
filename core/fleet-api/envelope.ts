/**
 * Tesla's response envelope: `{ response, error, error_description, messages, txid }`. Read by the Fleet API client,
 * written (as an error) by the simulator.
 */
export interface Envelope<T = unknown> {
  response?: T;
  error?: string;
  error_description?: string;
  messages?: Record<string, string[]>;
  txid?: string;
}

/** Parses a body as the envelope; a non-JSON body (Tesla sends plain text on some errors) yields `{ error: text }`. */
export function parseEnvelope(text: string): { envelope: Envelope; json: boolean } {
  const trimmed = text.trim();
  if (!trimmed) return { envelope: {}, json: false };
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return { envelope: parsed as Envelope, json: true };
    // `GET /status` answers the bare string "ok".
    return { envelope: { response: parsed }, json: true };
  } catch {
    return { envelope: { error: trimmed.slice(0, 500) }, json: false };
  }
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return undefined;
  return JSON.stringify(value);
}

/** The envelope fields normalised to strings (Tesla occasionally nests objects in `error`). */
export function envelopeFields(envelope: Envelope): { error?: string; errorDescription?: string; txid?: string; messages?: Record<string, string[]> } {
  return {
    error: str(envelope.error),
    errorDescription: str(envelope.error_description),
    txid: str(envelope.txid),
    messages: envelope.messages && typeof envelope.messages === 'object' ? envelope.messages : undefined,
  };
}

/** The error form: `{"response": null, "error": "<short>", "error_description": "<long>"}`, optionally `messages` (422) and `txid`. */
export interface TeslaErrorEnvelope {
  response: null;
  error: string;
  error_description: string;
  messages?: Record<string, string[]>;
  txid?: string;
}

export function errorEnvelope(error: string, description = '', extra: { txid?: string; messages?: Record<string, string[]> } = {}): TeslaErrorEnvelope {
  const env: TeslaErrorEnvelope = { response: null, error, error_description: description };
  if (extra.messages) env.messages = extra.messages;
  if (extra.txid) env.txid = extra.txid;
  return env;
}

/** Reads an error envelope out of an arbitrary parsed body; undefined when the body is not one. */
export function readErrorEnvelope(body: unknown): TeslaErrorEnvelope | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const o = body as Record<string, unknown>;
  if (typeof o.error !== 'string') return undefined;
  const env: TeslaErrorEnvelope = {
    response: null,
    error: o.error,
    error_description: typeof o.error_description === 'string' ? o.error_description : '',
  };
  if (typeof o.txid === 'string') env.txid = o.txid;
  if (typeof o.messages === 'object' && o.messages !== null) env.messages = o.messages as Record<string, string[]>;
  return env;
}
