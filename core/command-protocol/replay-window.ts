/**
 * Anti-replay for the response counters of the encrypted replies to ONE request (AES_GCM_Response_data.counter).
 * Same rules as the official client (teslamotors/vehicle-command: the sliding window of
 * internal/authentication/window.go, one per pending request in internal/dispatcher):
 * - the first counter is accepted whatever its value, 0 included (there is no "counter 0 is special" rule here);
 * - a counter equal to the highest accepted so far is refused (a duplicate);
 * - a higher counter is accepted and becomes the highest;
 * - a lower counter (out of order) is accepted once if it is at most `size` (32) below the highest, and refused
 *   when it is further back (too old to tell whether it was seen).
 */
export class ReplayWindow {
  private highest: number | undefined;
  /** Bit (age − 1) set ⇔ counter (highest − age) was accepted, for ages 1..size. */
  private older = 0n;
  private readonly mask: bigint;

  constructor(readonly size = 32) {
    if (!Number.isInteger(size) || size < 1 || size > 64) throw new RangeError(`replay window size must be 1..64, not ${size}`);
    this.mask = (1n << BigInt(size)) - 1n;
  }

  /** Records `counter` (a uint32); false if it was accepted before or is too old to tell. */
  accept(counter: number): boolean {
    if (!Number.isInteger(counter) || counter < 0 || counter > 0xffffffff) return false;
    if (this.highest === undefined) {
      this.highest = counter;
      return true;
    }
    if (counter === this.highest) return false;
    if (counter < this.highest) {
      const age = this.highest - counter;
      if (age > this.size) return false;
      const bit = 1n << BigInt(age - 1);
      if ((this.older & bit) !== 0n) return false;
      this.older |= bit;
      return true;
    }
    const shift = counter - this.highest;
    // The previous highest becomes age `shift`; everything slides back by `shift`.
    this.older = shift > this.size ? 0n : ((this.older << BigInt(shift)) | (1n << BigInt(shift - 1))) & this.mask;
    this.highest = counter;
    return true;
  }
}
