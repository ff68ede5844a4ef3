// κ against worked examples from the literature; the expected figures are computed by hand from the
// published tables (shown in each test), not by the code under test.
import { describe, expect, it } from 'vitest';
import { cohensKappa, fleissKappa, landisKoch } from '../../../src/core/review/kappa';

/** Expands a k×k contingency table (rows: rater A, columns: rater B) into rating pairs. */
function pairsFrom(table: number[][]): [number, number][] {
  return table.flatMap((row, a) =>
    row.flatMap((count, b) => Array.from({ length: count }, () => [a, b] as [number, number])),
  );
}

describe('Cohen’s κ', () => {
  it('matches Fleiss, Levin & Paik (2003), Statistical Methods for Rates and Proportions, 3rd ed., Table 18.1', () => {
    // 100 patients, two psychiatrists, three diagnoses (psychotic, neurotic, organic).
    //                 B: psychotic neurotic organic | total
    // A: psychotic          75        1       4    |  80
    //    neurotic            5        4       1    |  10
    //    organic             0        0      10    |  10
    //    total              80        5      15    | 100
    // po = (75 + 4 + 10) / 100 = .89
    // pe = .80 × .80 + .10 × .05 + .10 × .15 = .64 + .005 + .015 = .66
    // κ  = (.89 − .66) / (1 − .66) = .23 / .34 = .6765 (the book: .68)
    const result = cohensKappa(
      pairsFrom([
        [75, 1, 4],
        [5, 4, 1],
        [0, 0, 10],
      ]),
    )!;
    expect(result.items).toBe(100);
    expect(result.observed).toBeCloseTo(0.89, 10);
    expect(result.expected).toBeCloseTo(0.66, 10);
    expect(result.kappa).toBeCloseTo(0.23 / 0.34, 10);
    expect(result.kappa!.toFixed(2)).toBe('0.68');
    expect(result.reading).toBe('substantial');
  });

  it('matches the two-rater yes/no example of Cohen’s κ in Wikipedia (50 grant proposals, κ = 0.4)', () => {
    // A yes & B yes 20, A yes & B no 5, A no & B yes 10, A no & B no 15.
    // po = (20 + 15) / 50 = .7; A says yes 25/50 = .5, B says yes 30/50 = .6
    // pe = .5 × .6 + .5 × .4 = .5; κ = (.7 − .5) / (1 − .5) = .4
    const result = cohensKappa(
      pairsFrom([
        [20, 5],
        [10, 15],
      ]),
    )!;
    expect(result).toMatchObject({ items: 50, reading: 'fair' });
    expect(result.observed).toBeCloseTo(0.7, 10);
    expect(result.expected).toBeCloseTo(0.5, 10);
    expect(result.kappa).toBeCloseTo(0.4, 10);
  });

  it('is 1 for perfect agreement, undefined when everything is in one category, nothing without items', () => {
    expect(
      cohensKappa([
        [1, 1],
        [2, 2],
        [3, 3],
      ])?.kappa,
    ).toBe(1);
    expect(
      cohensKappa([
        [2, 2],
        [2, 2],
      ]),
    ).toMatchObject({ kappa: null, reading: null, items: 2, observed: 1 });
    expect(cohensKappa([])).toBeNull();
  });
});

describe('Fleiss’ κ', () => {
  it('matches Fleiss (1971), Psychological Bulletin 76(5):378–382, Table 1: κ = .430', () => {
    // 30 patients, 6 psychiatrists each, 5 diagnoses (depression, personality disorder, schizophrenia,
    // neurosis, other). From the table: p_j = 26/180 .144, 26/180 .144, 30/180 .167, 55/180 .306,
    // 43/180 .239; P̄e = Σ p_j² = .2199; P̄ = mean over patients of (Σ n_ij² − 6) / 30 = .5556;
    // κ = (.5556 − .2199) / (1 − .2199) = .430, as the paper reports.
    const table = [
      [0, 0, 0, 6, 0],
      [0, 3, 0, 0, 3],
      [0, 1, 4, 0, 1],
      [0, 0, 0, 0, 6],
      [0, 3, 0, 3, 0],
      [2, 0, 4, 0, 0],
      [0, 0, 4, 0, 2],
      [2, 0, 3, 1, 0],
      [2, 0, 0, 4, 0],
      [0, 0, 0, 0, 6],
      [1, 0, 0, 5, 0],
      [1, 1, 0, 4, 0],
      [0, 3, 3, 0, 0],
      [1, 0, 0, 5, 0],
      [0, 2, 0, 3, 1],
      [0, 0, 5, 0, 1],
      [3, 0, 0, 1, 2],
      [5, 1, 0, 0, 0],
      [0, 2, 0, 4, 0],
      [1, 0, 2, 0, 3],
      [0, 0, 0, 0, 6],
      [0, 1, 0, 5, 0],
      [0, 2, 0, 1, 3],
      [2, 0, 0, 4, 0],
      [1, 0, 0, 4, 1],
      [0, 5, 0, 1, 0],
      [4, 0, 0, 0, 2],
      [0, 2, 0, 4, 0],
      [1, 0, 5, 0, 0],
      [0, 0, 0, 0, 6],
    ];
    const result = fleissKappa(table)!;
    expect(result.items).toBe(30);
    expect(result.observed).toBeCloseTo(0.5556, 4);
    expect(result.expected).toBeCloseTo(0.2199, 4);
    expect(result.kappa!.toFixed(3)).toBe('0.430');
    expect(result.reading).toBe('moderate');
  });

  it('equals Scott’s π for two ratings an item, and refuses uneven tables', () => {
    // Two ratings per item: 3 items alike (2 in category 0, 1 in category 1), 1 split.
    // P̄ = 3/4; category shares 5/8 and 3/8 → P̄e = 25/64 + 9/64 = 34/64; κ = (48/64 − 34/64) / (30/64) = 14/30.
    const result = fleissKappa([
      [2, 0],
      [2, 0],
      [0, 2],
      [1, 1],
    ])!;
    expect(result.kappa).toBeCloseTo(14 / 30, 10);
    expect(() =>
      fleissKappa([
        [2, 0],
        [1, 2],
      ]),
    ).toThrow(/same number of ratings/);
  });
});

describe('Landis & Koch’s reading', () => {
  it('names the bands of Landis & Koch (1977)', () => {
    expect([-0.1, 0, 0.2, 0.21, 0.4, 0.41, 0.6, 0.61, 0.8, 0.81, 1].map(landisKoch)).toEqual([
      'poor',
      'slight',
      'slight',
      'fair',
      'fair',
      'moderate',
      'moderate',
      'substantial',
      'substantial',
      'almost perfect',
      'almost perfect',
    ]);
  });
});
