import { describe, expect, it } from 'vitest';
import { exportRequestSchema } from '../../../src/core/export';
import {
  choicesFromFilter,
  defaultFolderName,
  parseSplit,
  requestFor,
} from '../../../src/extension/export/exportChoices';

const defaults = { pocIds: [9], folder: '/work/training-data/x' };

describe('export choices from a Logs-tree node', () => {
  it('pre-fills the PoC, ratings, statuses, priority, days, user and model of the node’s filter', () => {
    const from = new Date('2026-11-01T00:00:00Z');
    const { choices, ignored } = choicesFromFilter(
      { pocId: 3, evaluation: [3], status: [1, 3], priority: [1, null], from, userId: 4, modelId: 7 },
      defaults,
    );
    expect(choices).toMatchObject({
      pocIds: [3],
      evaluations: [3],
      statuses: [1, 3],
      priorities: [1],
      from,
      userIds: [4],
      modelIds: [7],
      formats: ['sft', 'dpo', 'csv'],
    });
    expect(ignored).toEqual([]);
    // What the core accepts as is.
    expect(exportRequestSchema.safeParse(requestFor(choices)).success).toBe(true);
  });

  it('defaults to unprocessed logs of the current PoC, and names what an export cannot filter on', () => {
    const { choices, ignored } = choicesFromFilter(
      { text: 'tax', sessionId: 2, evaluation: [null] },
      defaults,
    );
    expect(choices).toMatchObject({ pocIds: [9], statuses: [1], evaluations: undefined });
    expect(ignored).toEqual(['text', 'session', 'unrated']);
  });

  it('reads a split typed as shares, refusing ones that do not add up to 1', () => {
    expect(parseSplit('0.8 / 0.1 / 0.1')).toEqual({ train: 0.8, valid: 0.1, test: 0.1 });
    expect(parseSplit('0.7,0.2,0.1')).toEqual({ train: 0.7, valid: 0.2, test: 0.1 });
    expect(parseSplit('0.5 0.5 0.5')).toBe('the three shares must add up to 1');
    expect(parseSplit('1 0')).toBe('three shares between 0 and 1: train / valid / test');
  });

  it('names the default folder after the PoC and the day, safe for any file system', () => {
    expect(defaultFolderName('経理 PoC / v2', new Date('2026-12-05T10:00:00Z'))).toBe(
      '経理-PoC-v2-2026-12-05',
    );
  });
});
