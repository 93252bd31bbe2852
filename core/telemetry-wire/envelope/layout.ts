/** Slot numbers and union tags of the envelope (see ../schema/envelope.fbs). */

export const MESSAGE_TYPE_NONE = 0;
export const MESSAGE_TYPE_STREAM = 4;
export const MESSAGE_TYPE_ACK = 5;

export const ENVELOPE_SLOTS = { txid: 0, topic: 1, messageType: 2, message: 3, messageId: 4 } as const;
export const ENVELOPE_SLOT_COUNT = 5;

export const STREAM_SLOTS = { createdAt: 0, senderId: 1, payload: 2, deviceType: 3, deviceId: 4, deliveredAtEpochMs: 5 } as const;
export const STREAM_SLOT_COUNT = 6;

/** The payload text of the server's error response. */
export const INCORRECT_MESSAGE_FORMAT = 'incorrect message format';
