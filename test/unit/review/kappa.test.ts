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
  it('matches Altman (1991), Practical Statistics for Medical Research, Table 14.2: κ = 0.47', () => {
    // 85 xeromammograms classified by two radiologists (data of Boyd et al., 1982).
    //                      B: normal benign suspected cancer | total
    // A: normal                  21     12        0      0   |  33
    //    benign                   4     17        1      0   |  22
    //    suspected cancer         3      9       15      2   |  29
    //    cancer                   0      0        0      1   |   1
    //    total                   28     38       16      3   |  85
    // po = (21 + 17 + 15 + 1) / 85 = 54/85 = .635
    // pe = (33·28 + 22·38 + 29·16 + 1·3) / 85² = 2227/7225 = .308 (Altman: 26.20 / 85 = 0.31)
    // κ  = (54/85 − 2227/7225) / (1 − 2227/7225) = 2363/4998 = .4728 (Altman: 0.47, "moderate")
    const result = cohensKappa(
      pairsFrom([
        [21, 12, 0, 0],
        [4, 17, 1, 0],
        [3, 9, 15, 2],
        [0, 0, 0, 1],
      ]),
    )!;
    expect(result.items).toBe(85);
    expect(result.observed).toBeCloseTo(54 / 85, 10);
    expect(result.expected).toBeCloseTo(2227 / 7225, 10);
    expect(result.kappa).toBeCloseTo(2363 / 4998, 10);
    expect(result.kappa!.toFixed(2)).toBe('0.47');
    expect(result.reading).toBe('moderate');
  });

  it('matches Altman (1991), Table 14.4: the same agreement, different prevalences, κ 0.38 and 0.60', () => {
    // (a) 70 / 10 / 10 / 10: po = .8, pe = .8·.8 + .2·.2 = .68, κ = .12 / .32 = .375
    // (b) 40 / 10 / 10 / 40: po = .8, pe = .5·.5 + .5·.5 = .5, κ = .3 / .5 = .6
    const a = cohensKappa(
      pairsFrom([
        [70, 10],
        [10, 10],
      ]),
    )!;
    const b = cohensKappa(
      pairsFrom([
        [40, 10],
        [10, 40],
      ]),
    )!;
    expect(a.observed).toBeCloseTo(0.8, 10);
    expect(b.observed).toBeCloseTo(0.8, 10);
    expect(a.kappa).toBeCloseTo(0.375, 10);
    expect(b.kappa).toBeCloseTo(0.6, 10);
    expect([a.reading, b.reading]).toEqual(['fair', 'moderate']);
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
