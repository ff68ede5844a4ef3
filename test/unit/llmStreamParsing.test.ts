// The SSE and NDJSON readers hold up however the bytes are split: mid-line, mid-UTF-8 character,
// between CR and LF; comments and keep-alives are skipped; blank lines too.
import { describe, expect, it } from 'vitest';
import { ndjsonLines } from '../../src/core/llm/ndjson';
import { sseData } from '../../src/core/llm/sse';

async function* chunks(bytes: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  let offset = 0;
  let index = 0;
  while (offset < bytes.length) {
    const size = sizes[index % sizes.length]!;
    yield bytes.subarray(offset, offset + size);
    offset += size;
    index += 1;
  }
}

async function collect(source: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of source) out.push(item);
  return out;
}

const splits = [[1], [2], [3], [5, 1, 7], [4096]];

describe('sseData', () => {
  const sse =
    ': keepalive 0/12\r\n\r\n' +
    'data: {"t":"消費税"}\r\n\r\n' +
    ':\n\n' +
    'event: message\ndata: {"t":"は😀"}\n\n' +
    'data: line one\ndata: line two\r\r' +
    'data: [DONE]\n\n';

  for (const sizes of splits) {
    it(`yields every event's data whole when chunks are ${sizes.join('/')} bytes`, async () => {
      const data = await collect(sseData(chunks(new TextEncoder().encode(sse), sizes)));
      expect(data).toEqual(['{"t":"消費税"}', '{"t":"は😀"}', 'line one\nline two', '[DONE]']);
    });
  }

  it('drops an event cut off before its blank line', async () => {
    const data = await collect(sseData(chunks(new TextEncoder().encode('data: a\n\ndata: {"partial'), [3])));
    expect(data).toEqual(['a']);
  });
});

describe('ndjsonLines', () => {
  const ndjson = '{"a":"会計"}\r\n\n{"b":"😀"}\n  \n{"c":3}';
  for (const sizes of splits) {
    it(`yields each line whole when chunks are ${sizes.join('/')} bytes`, async () => {
      const lines = await collect(ndjsonLines(chunks(new TextEncoder().encode(ndjson), sizes)));
      expect(lines).toEqual(['{"a":"会計"}', '{"b":"😀"}', '{"c":3}']);
    });
  }
});
