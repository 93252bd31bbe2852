/**
 * The TLV metadata that the protocol MACs and hashes (reference §4.3): `tag ‖ len ‖ value`, tags strictly
 * ascending, nil values skipped, terminated by 0xFF, then the message bytes.
 */
export const Tag = {
  SignatureType: 0,
  Domain: 1,
  Personalization: 2,
  Epoch: 3,
  ExpiresAt: 4,
  Counter: 5,
  Challenge: 6,
  Flags: 7,
  RequestHash: 8,
  Fault: 9,
  End: 255,
} as const;

export class MetadataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetadataError';
  }
}

export function uint32BE(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new MetadataError(`not a uint32: ${value}`);
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, false);
  return out;
}

export class Metadata {
  private readonly parts: Uint8Array[] = [];
  private lastTag = -1;

  /** Appends one TLV. An undefined or empty value is skipped (the Go reference skips nil values). */
  add(tag: number, value: Uint8Array | undefined): this {
    if (value === undefined || value.length === 0) return this;
    if (tag < this.lastTag) throw new MetadataError(`metadata tags must ascend (${tag} after ${this.lastTag})`);
    if (value.length > 255) throw new MetadataError(`metadata value for tag ${tag} is longer than 255 bytes`);
    this.lastTag = tag;
    this.parts.push(Uint8Array.of(tag, value.length), value);
    return this;
  }

  addUint32(tag: number, value: number): this {
    return this.add(tag, uint32BE(value));
  }

  /** `TLVs ‖ 0xFF ‖ message` — the string that gets MACed or hashed. */
  serialize(message: Uint8Array = new Uint8Array(0)): Buffer {
    return Buffer.concat([...this.parts, Uint8Array.of(Tag.End), message]);
  }
}
