import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateJsonl } from '../../../src/core/export/staging';

async function file(text: string | Buffer): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'llamune-validate-')), 'train.jsonl');
  await writeFile(path, text);
  return path;
}

const sft = JSON.stringify({
  messages: [
    { role: 'user', content: '質問' },
    { role: 'assistant', content: '回答' },
  ],
});

describe('re-reading a written export file', () => {
  it('accepts lines that have what their format needs', async () => {
    await expect(validateJsonl(await file(`${sft}\n${sft}\n`), 'sft', 2)).resolves.toBeUndefined();
    const dpo = JSON.stringify({ system: 's', prompt: 'p', chosen: 'c', rejected: 'r' });
    await expect(validateJsonl(await file(`${dpo}\n`), 'dpo', 1)).resolves.toBeUndefined();
  });

  it('reads lines that cross its 4 MiB reads, a line longer than a read included, without a final newline', async () => {
    // Japanese text: a line's bytes cut mid-character at a read boundary must still decode.
    const line = (n: number) =>
      JSON.stringify({
        messages: [
          { role: 'user', content: `質問${n}` },
          { role: 'assistant', content: '回答'.repeat(n % 997 === 0 ? 900_000 : 700) },
        ],
      });
    const lines = Array.from({ length: 3_000 }, (_, n) => line(n + 1));
    const text = lines.join('\n');
    expect(Buffer.byteLength(text)).toBeGreaterThan(3 * 4 * 2 ** 20);
    await expect(validateJsonl(await file(text), 'sft', 3_000)).resolves.toBeUndefined();
    const broken = [...lines.slice(0, 2_500), '{"messages": [', ...lines.slice(2_500)].join('\n');
    await expect(validateJsonl(await file(broken), 'sft', 3_001)).rejects.toThrow(
      'train.jsonl line 2501 is not JSON.',
    );
  });

  it('names the line that does not parse, lacks a key, or a count that differs from what was written', async () => {
    await expect(validateJsonl(await file(`${sft}\n{"messages": [\n`), 'sft', 2)).rejects.toThrow(
      'train.jsonl line 2 is not JSON.',
    );
    const noAssistant = JSON.stringify({
      messages: [
        { role: 'user', content: 'q' },
        { role: 'user', content: 'q' },
      ],
    });
    await expect(validateJsonl(await file(`${noAssistant}\n`), 'sft', 1)).rejects.toThrow(
      'line 1 lacks what sft needs: a user turn, then the assistant turn.',
    );
    await expect(validateJsonl(await file('{"prompt": "p", "chosen": "c"}\n'), 'dpo', 1)).rejects.toThrow(
      'a "rejected" text',
    );
    await expect(validateJsonl(await file(`${sft}\n`), 'sft', 2)).rejects.toThrow(
      'holds 1 lines, 2 were written',
    );
  });

  it('names the line whose bytes are not UTF-8, and refuses text that is JSON only byte by byte', async () => {
    const good = Buffer.from(`${sft}\n`);
    // A lone continuation byte inside the content of line 3 (and a line after it).
    const bad = Buffer.from(`${sft}\n`.replace('回答', 'X'));
    bad[bad.indexOf('X')] = 0x80;
    const text = Buffer.concat([good, good, bad, good]);
    await expect(validateJsonl(await file(text), 'sft', 4)).rejects.toThrow(
      'train.jsonl line 3 is not UTF-8 text.',
    );
    // A full-width quote where JSON needs '"': decoded or not, the line is not JSON.
    const fullWidth = `${sft.replace('"role":"user"', '"role":＂user＂')}\n`;
    await expect(validateJsonl(await file(`${sft}\n${fullWidth}`), 'sft', 2)).rejects.toThrow(
      'train.jsonl line 2 is not JSON.',
    );
  });
});
