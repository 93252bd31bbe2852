const TRANSLITERATION: Readonly<Record<string, number>> = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  J: 1,
  K: 2,
  L: 3,
  M: 4,
  N: 5,
  P: 7,
  R: 9,
  S: 2,
  T: 3,
  U: 4,
  V: 5,
  W: 6,
  X: 7,
  Y: 8,
  Z: 9,
};
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** Characters a VIN may not contain: anything outside A–Z/0–9, plus I, O and Q. */
export function illegalVinCharacters(vin: string): string[] {
  return [...new Set([...vin].filter((c) => !/[A-HJ-NPR-Z0-9]/.test(c)))];
}

/** The ISO 3779 / North-American check digit (position 9) a 17-character VIN should carry. */
export function expectedCheckDigit(vin: string): string | undefined {
  if (vin.length !== 17 || illegalVinCharacters(vin).length) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = vin[i];
    const value = c >= '0' && c <= '9' ? Number(c) : TRANSLITERATION[c];
    sum += value * WEIGHTS[i];
  }
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}

/** Replaces position 9 with the correct check digit (for building valid test VINs). */
export function withCheckDigit(vin: string): string {
  const digit = expectedCheckDigit(vin.slice(0, 8) + '0' + vin.slice(9));
  return digit ? vin.slice(0, 8) + digit + vin.slice(9) : vin;
}

/**
 * Why a VIN cannot be sent to Tesla, before any (billed) call: it must be 17 characters of A–Z/0–9 without I, O, Q.
 * A wrong check digit is not a refusal here (the language server warns about it, FT243): it is usually a typo, but
 * Tesla is the judge.
 */
export function vinProblem(vin: string): string | undefined {
  if (vin.length !== 17) return `"${vin}" is not a VIN: a VIN has 17 characters (this one has ${vin.length})`;
  const illegal = illegalVinCharacters(vin.toUpperCase());
  if (illegal.length) return `"${vin}" is not a VIN: ${illegal.map((c) => `"${c}"`).join(', ')} cannot appear in a VIN (only A–Z and 0–9, without I, O and Q)`;
  return undefined;
}
