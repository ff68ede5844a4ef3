// The log filter's validation: what the REST query string, the CLI and the tree may send, and what is
// refused with an `invalid` DomainError.
import { describe, expect, it } from 'vitest';
import { encodeCursor, type LogFilter, logFilterSchema } from '../../src/core/domain/logFilter';
import { DomainError, parseInput } from '../../src/core/errors';

const parse = (input: unknown) => parseInput(logFilterSchema, input);

function invalid(input: unknown): DomainError {
  try {
    parse(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('invalid');
    return error as DomainError;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe('logFilterSchema', () => {
  it('defaults to pages of 50 and accepts 1 to 200', () => {
    expect(parse({})).toEqual({ limit: 50 });
    expect(parse({ limit: 1 }).limit).toBe(1);
    expect(parse({ limit: '200' }).limit).toBe(200);
    expect(invalid({ limit: 0 }).message).toMatch(/limit/);
    expect(invalid({ limit: 201 }).message).toMatch(/limit/);
    expect(invalid({ limit: 2.5 }).message).toMatch(/limit/);
  });

  it('takes codes as numbers, arrays, or the comma-joined strings of a query string', () => {
    expect(parse({ evaluation: 3 }).evaluation).toEqual([3]);
    expect(parse({ evaluation: '3,1' }).evaluation).toEqual([1, 3]);
    expect(parse({ evaluation: 'unrated,3' }).evaluation).toEqual([null, 3]);
    expect(parse({ evaluation: [null, 2] }).evaluation).toEqual([null, 2]);
    expect(parse({ status: ['2', 1, '2'] }).status).toEqual([1, 2]);
    expect(parse({ priority: 'none,2' }).priority).toEqual([null, 2]);
    expect(parse({ priority: [null] }).priority).toEqual([null]);
    expect(invalid({ evaluation: 4 }).message).toMatch(/evaluation/);
    expect(invalid({ status: '1,x' }).message).toMatch(/status/);
    expect(invalid({ evaluation: [] }).message).toMatch(/evaluation/);
    expect(invalid({ evaluation: 'none' }).message).toMatch(/evaluation/);
  });

  it('takes ids, rated, text and a time range', () => {
    const from = '2026-11-01T00:00:00Z';
    expect(
      parse({ pocId: '3', sessionId: 4, modelId: 5, userId: 6, rated: 'false', text: ' 50% ', from }),
    ).toEqual({
      pocId: 3,
      sessionId: 4,
      modelId: 5,
      userId: 6,
      rated: false,
      text: '50%',
      from: new Date(from),
      limit: 50,
    });
    expect(parse({ rated: true }).rated).toBe(true);
    expect(invalid({ pocId: 0 }).message).toMatch(/pocId/);
    expect(invalid({ pocId: 'abc' }).message).toMatch(/pocId/);
    expect(invalid({ rated: 'maybe' }).message).toMatch(/rated/);
    expect(invalid({ text: '   ' }).message).toMatch(/text/);
    expect(invalid({ from: 'yesterday' }).message).toMatch(/from/);
    expect(invalid({ from: '2026-11-02', to: '2026-11-01' }).message).toMatch(/to/);
  });

  it('rejects unknown fields', () => {
    expect(invalid({ poc: 1 }).message).toMatch(/poc/);
  });

  it('refuses a cursor that was altered, made up, or belongs to another filter', () => {
    const filter: LogFilter = { pocId: 1, evaluation: [3], limit: 50 };
    const cursor = encodeCursor(120, filter);
    expect(parse({ pocId: 1, evaluation: 3, cursor }).beforeId).toBe(120);
    // The page size may change between pages; the filter may not.
    expect(parse({ pocId: 1, evaluation: [3], limit: 200, cursor }).beforeId).toBe(120);
    expect(invalid({ pocId: 2, evaluation: 3, cursor }).message).toMatch(/cursor/);
    expect(invalid({ pocId: 1, cursor }).message).toMatch(/cursor/);

    const decoded = Buffer.from(cursor, 'base64url').toString();
    const forged = Buffer.from(decoded.replace(/^120/, '999')).toString('base64url');
    expect(invalid({ pocId: 1, evaluation: 3, cursor: forged }).message).toMatch(/cursor/);
    const flipped = cursor.slice(0, 3) + (cursor[3] === 'A' ? 'B' : 'A') + cursor.slice(4);
    expect(invalid({ pocId: 1, evaluation: 3, cursor: flipped }).message).toMatch(/cursor/);
    expect(invalid({ cursor: 'not a cursor' }).message).toMatch(/cursor/);
    expect(invalid({ cursor: '' }).message).toMatch(/cursor/);
  });
});
