import { describe, expect, it } from 'vitest';
import { quickAskQuestion } from '../../../src/extension/commands/quickAskText';

describe('quick ask question', () => {
  it('fences code with its language, after the instruction', () => {
    expect(quickAskQuestion('SELECT 1;', 'Explain this', 'sql')).toBe(
      'Explain this\n\n```sql\nSELECT 1;\n```',
    );
  });

  it('keeps prose as it is, and uses the selection alone without an instruction', () => {
    expect(quickAskQuestion('減価償却とは？', '  ', 'plaintext')).toBe('減価償却とは？');
  });
});
