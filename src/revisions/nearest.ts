/**
 * "Did you mean ...?": the candidate closest to a misspelt name.
 */

/**
 * The candidate nearest to `word` by edit distance (case-insensitive), when
 * it is close enough to be a plausible typo: at most a third of the word's
 * length, and at least 1. Ties go to the earlier candidate.
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  const limit = Math.max(1, Math.floor(w.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  const abbreviating: string[] = [];
  for (const c of candidates) {
    const lc = c.toLowerCase();
    const d = editDistance(w, lc, bestDistance);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
    if (w.length >= 3 && lc.startsWith(w)) abbreviating.push(c);
  }
  // Else an abbreviation of exactly one candidate ("expr" for "expression").
  return best ?? (abbreviating.length === 1 ? abbreviating[0] : undefined);
}

/** "did you mean "x"?" or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const n = nearest(word, candidates);
  return n === undefined ? undefined : `did you mean ${JSON.stringify(n)}?`;
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent
 * transpositions, the commonest typo), giving up once it exceeds `max`.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) >= max) return max;
  if (a === b) return 0;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= max) return max;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}
