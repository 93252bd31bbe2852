/** Did-you-mean for names typed by hand (the language server's diagnostics, the alert rules file). */
/** Levenshtein distance with an early exit once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length];
}

/** Candidates close to `word`, best first: a case-insensitive match, then by edit distance (case-insensitive). */
export function suggestions(word: string, candidates: readonly string[], limit = 3): string[] {
  const lower = word.toLowerCase();
  const max = Math.max(2, Math.floor(word.length / 3));
  const scored: Array<[string, number]> = [];
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    let score: number;
    if (c === lower) score = 0;
    else if (lower.length >= 4 && (c.startsWith(lower) || c.includes(lower))) score = 1 + (c.length - lower.length) / 100;
    else score = editDistance(lower, c, max) + 0.5;
    if (score <= max + 0.5) scored.push([candidate, score]);
  }
  return scored
    .sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]))
    .slice(0, limit)
    .map(([c]) => c);
}

export function closest(word: string, candidates: readonly string[]): string | undefined {
  return suggestions(word, candidates, 1)[0];
}
