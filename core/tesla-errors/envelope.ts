/**
 * Tesla's Fleet API error envelope: `{"response": null, "error": "<short>", "error_description": "<long>"}`,
 * optionally with `messages` (422) and `txid`. Shared by the simulator (to produce it) and clients (to read it).
 */
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

/** Reads an envelope out of an arbitrary parsed body; undefined when the body is not one. */
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
