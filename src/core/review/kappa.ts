// Chance-corrected agreement on nominal ratings: Cohen's κ for two raters who rated the same items,
// Fleiss' κ for a fixed number of ratings per item (raters may differ from item to item), and the
// reading Landis & Koch (1977) gave the figures. Pure functions; the review stats feed them.

/** Landis & Koch (1977), Biometrics 33:159–174, Table on p. 165. */
export type KappaReading = 'poor' | 'slight' | 'fair' | 'moderate' | 'substantial' | 'almost perfect';

export interface KappaFigure {
  /** null when chance agreement is already 1 (every rating in one category): κ is then undefined. */
  kappa: number | null;
  /** Observed agreement (Cohen: share of items rated alike; Fleiss: mean pairwise agreement P̄). */
  observed: number;
  /** Agreement expected by chance (Pe / P̄e). */
  expected: number;
  /** How many items the figure rests on. */
  items: number;
  reading: KappaReading | null;
}

// A κ computed as 0.6000000000000001 is 0.6 (moderate), not substantial.
const ROUNDING = 1e-9;

export function landisKoch(kappa: number): KappaReading {
  if (kappa < -ROUNDING) return 'poor';
  if (kappa <= 0.2 + ROUNDING) return 'slight';
  if (kappa <= 0.4 + ROUNDING) return 'fair';
  if (kappa <= 0.6 + ROUNDING) return 'moderate';
  if (kappa <= 0.8 + ROUNDING) return 'substantial';
  return 'almost perfect';
}

function figure(observed: number, expected: number, items: number): KappaFigure {
  // Rounding noise must not turn "all in one category" into a huge κ.
  const kappa = 1 - expected < 1e-12 ? null : (observed - expected) / (1 - expected);
  return { kappa, observed, expected, items, reading: kappa === null ? null : landisKoch(kappa) };
}

/**
 * Cohen's κ from paired ratings: pairs[i] = [rater A's category, rater B's category] for item i.
 * Categories are any values compared with ===; null when there are no pairs.
 */
export function cohensKappa<C>(pairs: readonly (readonly [C, C])[]): KappaFigure | null {
  const n = pairs.length;
  if (n === 0) return null;
  const first = new Map<C, number>();
  const second = new Map<C, number>();
  let alike = 0;
  for (const [a, b] of pairs) {
    if (a === b) alike += 1;
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
  }
  let expected = 0;
  for (const [category, count] of first) expected += (count / n) * ((second.get(category) ?? 0) / n);
  return figure(alike / n, expected, n);
}

/**
 * Fleiss' κ (Fleiss 1971) from a table of counts: counts[i][j] = how many raters put item i in
 * category j. Every item must have the same number of ratings, at least two; null with no items.
 */
export function fleissKappa(counts: readonly (readonly number[])[]): KappaFigure | null {
  const items = counts.length;
  if (items === 0) return null;
  const raters = sum(counts[0] ?? []);
  if (raters < 2) throw new RangeError('Fleiss’ κ needs at least two ratings per item.');
  const categories = Math.max(...counts.map((row) => row.length));
  const perCategory = new Array<number>(categories).fill(0);
  let agreement = 0;
  for (const row of counts) {
    if (sum(row) !== raters) throw new RangeError('Fleiss’ κ needs the same number of ratings per item.');
    row.forEach((count, j) => {
      perCategory[j] = (perCategory[j] ?? 0) + count;
    });
    agreement += (sum(row.map((count) => count * count)) - raters) / (raters * (raters - 1));
  }
  const expected = sum(perCategory.map((total) => (total / (items * raters)) ** 2));
  return figure(agreement / items, expected, items);
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
