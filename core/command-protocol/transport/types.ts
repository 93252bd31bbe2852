/** How commands reach a vehicle. The protocol client needs `SignedCommandTransport`; REST fallback needs `RestCommandTransport`. */

export interface SignedCommandReply {
  /** The reply RoutableMessage's bytes. */
  message: Uint8Array;
  /** Tesla's transaction id for the call (`x-txid` or the body's `txid`), for logs and support requests. */
  txid?: string;
}

export interface SignedCommandTransport {
  /**
   * POSTs one RoutableMessage to `/api/1/vehicles/{vin}/signed_command` and resolves with the reply.
   * Throws AsleepError (408 offline / 503), ProtocolNotSupportedError (422), the Fleet API client's typed errors otherwise.
   */
  signedCommand(vin: string, routableMessage: Uint8Array, signal?: AbortSignal): Promise<SignedCommandReply>;
}

/** The body Fleet API / tesla-http-proxy return for REST commands: `{"response":{"result":…,"reason":…}}`. */
export interface RestCommandResult {
  result: boolean;
  reason: string;
  /** Tesla's transaction id for the call, when the answer carried one. */
  txid?: string;
}

export interface RestCommandTransport {
  /** `POST /api/1/vehicles/{vin}/command/{name}` with a JSON body. */
  restCommand(vin: string, name: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<RestCommandResult>;
  /** `POST /api/1/vehicles/{vin}/wake_up`; resolves with the reported state (`online`, `asleep`, …). */
  wakeUp(vin: string, signal?: AbortSignal): Promise<string>;
  /** `GET /api/1/vehicles/{vin}` → its `state` (`online`, `asleep`, `offline`); polling this is not billed as a wake. */
  vehicleState(vin: string, signal?: AbortSignal): Promise<string>;
}
