/** A 32-entry sliding window of counters: accepts each counter once, rejects anything older than the window. */
export class ReplayWindow {
  private highest = -1;
  private seen = 0; // bit i set ⇔ counter (highest − i) was accepted

  constructor(private readonly size = 32) {}

  /** Records `counter`; false if it was seen before or is too old to tell. */
  accept(counter: number): boolean {
    if (counter > this.highest) {
      const shift = this.highest < 0 ? this.size : counter - this.highest;
      this.seen = shift >= this.size ? 1 : ((this.seen << shift) | 1) >>> 0;
      this.highest = counter;
      return true;
    }
    const age = this.highest - counter;
    if (age >= this.size) return false;
    const bit = (1 << age) >>> 0;
    if ((this.seen & bit) !== 0) return false;
    this.seen = (this.seen | bit) >>> 0;
    return true;
  }
}
