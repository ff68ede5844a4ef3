import { describe, expect, it } from 'vitest';
import { databaseProgressNode } from '../../../src/extension/views/evaluateNodes';

const labels = {
  settingUp: 'Setting up the local database…',
  connecting: 'Connecting to the database…',
  usually: (s: number) => `usually about ${s} s`,
  failed: 'The database could not be opened',
  retry: 'Retry',
};

describe('the Evaluate view before the database is open', () => {
  it('says what is being opened and how long it usually takes', () => {
    expect(
      databaseProgressNode({ state: 'opening', kind: 'embedded', usualSeconds: 15 }, labels),
    ).toMatchObject({
      label: 'Setting up the local database…',
      description: 'usually about 15 s',
      icon: 'loading~spin',
    });
    expect(databaseProgressNode({ state: 'opening', kind: 'postgres' }, labels)).toMatchObject({
      label: 'Connecting to the database…',
      description: undefined,
    });
  });

  it('turns a failure into an item that gives the reason and retries when clicked', () => {
    expect(databaseProgressNode({ state: 'failed', message: 'ECONNRESET' }, labels)).toMatchObject({
      label: 'The database could not be opened',
      description: 'Retry',
      tooltip: 'ECONNRESET',
      icon: 'error',
      command: { id: 'llamune.refresh', args: [] },
    });
  });
});
