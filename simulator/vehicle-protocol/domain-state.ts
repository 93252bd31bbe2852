/** One vehicle domain (VCSEC or infotainment) as the car keeps it: key pair, epoch, clock, per-key counters. */
import { randomBytes, type ECDH } from 'node:crypto';
import type { ReplyCounters } from '../world/types';
import { newDomainKey } from './peer-crypto';

const WINDOW = 32;

/** Counters seen from one client key in the current epoch. */
class CounterState {
  highest = 0;
  private seen = 0; // bit i ⇔ (highest − i) used

  /** VCSEC requires strictly increasing counters; infotainment accepts unseen counters within the window. */
  accept(counter: number, strict: boolean): boolean {
    if (counter > this.highest) {
      const shift = counter - this.highest;
      this.seen = shift >= WINDOW ? 1 : ((this.seen << shift) | 1) >>> 0;
      this.highest = counter;
      return true;
    }
    if (strict) return false;
    const age = this.highest - counter;
    if (age >= WINDOW || counter === 0) return false;
    const bit = (1 << age) >>> 0;
    if (this.seen & bit) return false;
    this.seen = (this.seen | bit) >>> 0;
    return true;
  }
}

export class DomainState {
  key: ECDH = newDomainKey();
  epoch: Buffer = randomBytes(16);
  /** Local ms at which this domain's clock read 0. */
  private clockZero: number;
  private counters = new Map<string, CounterState>();
  /** Counter of encrypted responses in this epoch (per-session numbering). */
  responseCounter = 0;
  /** How encrypted replies are numbered; a property of the car's firmware, so it survives reboots. */
  replyCounters: ReplyCounters = 'per-session';

  constructor(
    readonly domain: 2 | 3,
    private readonly now: () => number,
    /** Seconds on the domain clock at start (a car that has been up a while). */
    initialClock = 1000 + Math.floor(Math.random() * 5000),
  ) {
    this.clockZero = now() - initialClock * 1000;
  }

  get publicPoint(): Buffer {
    return this.key.getPublicKey();
  }

  /** Seconds since this domain's epoch began. */
  clock(): number {
    return Math.max(0, Math.floor((this.now() - this.clockZero) / 1000));
  }

  /** A reboot: new epoch, the clock restarts, all counters are forgotten. */
  reboot(): void {
    this.epoch = randomBytes(16);
    this.clockZero = this.now() - 10_000;
    this.counters = new Map();
    this.responseCounter = 0;
  }

  /** A new domain key pair (e.g. after a service visit), which also starts a new epoch. */
  rotateKey(): void {
    this.key = newDomainKey();
    this.reboot();
  }

  /** Moves the domain clock by `seconds` (positive: the car's clock runs ahead). */
  skewClock(seconds: number): void {
    this.clockZero -= seconds * 1000;
  }

  /**
   * The response counter for the next encrypted reply: the epoch's running count, or 1 when replies are
   * numbered per request (this HTTP surface sends exactly one reply per request).
   */
  nextReplyCounter(): number {
    if (this.replyCounters === 'per-request') return 1;
    this.responseCounter += 1;
    return this.responseCounter;
  }

  counterFor(clientKeyHex: string): number {
    return this.counters.get(clientKeyHex)?.highest ?? 0;
  }

  acceptCounter(clientKeyHex: string, counter: number): boolean {
    let state = this.counters.get(clientKeyHex);
    if (!state) {
      state = new CounterState();
      this.counters.set(clientKeyHex, state);
    }
    return state.accept(counter, this.domain === 2);
  }
}
