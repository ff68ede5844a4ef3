// Which file a log goes to: decided by the seed and the log's id alone (the same log lands in the same
// split in every export with the same seed and ratios), unless an earlier export of its PoC already put
// it somewhere — then it stays there, so a held-out test log never reaches training.
import { createHash } from 'node:crypto';
import type { ExportSplit } from '../db/schema';

export interface SplitRatios {
  train: number;
  valid: number;
  test: number;
}

/** A uniform number in [0, 1) from the seed and the id. */
function draw(seed: number, logId: number): number {
  return createHash('sha256').update(`${seed}:${logId}`).digest().readUInt32BE(0) / 2 ** 32;
}

export function splitFor(
  logId: number,
  seed: number,
  ratios: SplitRatios,
  earlier: ExportSplit | undefined,
): ExportSplit {
  if (earlier) return earlier;
  const u = draw(seed, logId);
  if (u < ratios.train) return 'train';
  if (u < ratios.train + ratios.valid) return 'valid';
  return 'test';
}
