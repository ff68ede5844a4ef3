import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../../../src/core/export/plan';

describe('the token estimate that skips over-long examples', () => {
  it('counts about four Latin characters a token and one per Japanese character', () => {
    expect(estimateTokens('a'.repeat(400))).toBe(100);
    expect(estimateTokens('減価償却とは何ですか')).toBe(10);
    expect(estimateTokens(`${'a'.repeat(8)}会計`)).toBe(4);
    expect(estimateTokens('')).toBe(0);
  });
});
