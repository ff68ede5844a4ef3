// A cheap hint before a person rates a re-asked answer: how much of the correction's wording the new
// answer shares (Dice coefficient of character bigrams, after NFKC and without whitespace, so it works
// for Japanese without a tokenizer). Labelled as a hint in every view; never stored as a rating.

function bigrams(text: string): Map<string, number> {
  const chars = [...text.normalize('NFKC').toLowerCase().replace(/\s+/gu, '')];
  const counts = new Map<string, number>();
  for (let i = 0; i + 1 < chars.length; i += 1) {
    const pair = `${chars[i]}${chars[i + 1]}`;
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return counts;
}

/** 0 (nothing in common) … 1 (the same text); null when either side is too short to compare. */
export function correctionSimilarity(answer: string, correction: string): number | null {
  const a = bigrams(answer);
  const b = bigrams(correction);
  const size = (m: Map<string, number>) => [...m.values()].reduce((sum, n) => sum + n, 0);
  const total = size(a) + size(b);
  if (size(a) === 0 || size(b) === 0) return null;
  let shared = 0;
  for (const [pair, n] of a) shared += Math.min(n, b.get(pair) ?? 0);
  return (2 * shared) / total;
}
