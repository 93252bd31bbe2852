/** A certificate's validity window. */
export interface Validity {
  notBefore: Date;
  notAfter: Date;
}

export interface ValidityOptions {
  /** Start of validity; default: now minus 5 minutes (tolerates small clock skew between peers). */
  notBefore?: Date;
  /** End of validity; default: `notBefore` + `validityDays`. */
  notAfter?: Date;
  /** Length of validity in days when `notAfter` is not given; default 365. */
  validityDays?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const SKEW_MS = 5 * 60 * 1000;

/** Resolves options to a concrete window. Throws when the window is empty or inverted. */
export function resolveValidity(options: ValidityOptions, now: Date = new Date()): Validity {
  const notBefore = options.notBefore ?? new Date(now.getTime() - SKEW_MS);
  const days = options.validityDays ?? 365;
  if (!(days > 0)) throw new RangeError(`validityDays must be positive, got ${days}`);
  const notAfter = options.notAfter ?? new Date(notBefore.getTime() + days * DAY_MS);
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) throw new RangeError('invalid validity date');
  if (notAfter.getTime() <= notBefore.getTime()) throw new RangeError('notAfter must be later than notBefore');
  return { notBefore, notAfter };
}

/** A window that ended a day ago (for test fixtures of expired certificates). */
export function expiredValidity(now: Date = new Date()): Validity {
  return { notBefore: new Date(now.getTime() - 30 * DAY_MS), notAfter: new Date(now.getTime() - DAY_MS) };
}

/** A window that starts tomorrow (for test fixtures of not-yet-valid certificates). */
export function notYetValidValidity(now: Date = new Date()): Validity {
  return { notBefore: new Date(now.getTime() + DAY_MS), notAfter: new Date(now.getTime() + 30 * DAY_MS) };
}
