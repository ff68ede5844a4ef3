// Progress lines of mlx_lm.lora in both of its output formats, as they really come out of a pipe
// (the table's rows carry rich's colour codes), and the lines that must not count as progress.
import { describe, expect, it } from 'vitest';
import { parseTrainingLine, plainText } from '../../../src/core/training/progress';

const esc = '\u001b';
/** What rich prints for the table's rows with its truecolor console (grey50, bold green, bold magenta). */
const muted = (text: string) => `${esc}[38;5;244m${text}${esc}[0m`;
const bold = (text: string, colour = '') => `${esc}[1${colour}m${text}${esc}[0m`;

describe('the classic format (mlx_lm.lora before June 2026)', () => {
  it('reads a training report with every field', () => {
    expect(
      parseTrainingLine(
        'Iter 10: Train loss 2.345, Learning Rate 1.000e-05, It/sec 0.523, Tokens/sec 150.234, Trained Tokens 3000, Peak mem 8.123 GB',
      ),
    ).toEqual({
      kind: 'train',
      iteration: 10,
      loss: 2.345,
      learningRate: 0.00001,
      iterationsPerSecond: 0.523,
      tokensPerSecond: 150.234,
      trainedTokens: 3000,
      peakMemoryGb: 8.123,
    });
  });

  it('reads an older report without learning rate, trained tokens or memory', () => {
    expect(parseTrainingLine('Iter 20: Train loss 1.900, It/sec 1.100, Tokens/sec 320.500')).toEqual({
      kind: 'train',
      iteration: 20,
      loss: 1.9,
      iterationsPerSecond: 1.1,
      tokensPerSecond: 320.5,
    });
  });

  it('tolerates extra spaces, a trailing carriage return and thousands separators', () => {
    expect(
      parseTrainingLine(
        '  Iter  1,200 :  Train loss  0.875 ,  Learning Rate 2.000e-04, It/sec 3.250, Tokens/sec 1,234.500, Trained Tokens 1,234,567, Peak mem 12.500 GB\r',
      ),
    ).toEqual({
      kind: 'train',
      iteration: 1200,
      loss: 0.875,
      learningRate: 0.0002,
      iterationsPerSecond: 3.25,
      tokensPerSecond: 1234.5,
      trainedTokens: 1234567,
      peakMemoryGb: 12.5,
    });
  });

  it('reads validation reports', () => {
    expect(parseTrainingLine('Iter 1: Val loss 2.100, Val took 1.234s')).toEqual({
      kind: 'val',
      iteration: 1,
      loss: 2.1,
      seconds: 1.234,
    });
    expect(parseTrainingLine('Iter 200: Val loss 1.050')).toEqual({
      kind: 'val',
      iteration: 200,
      loss: 1.05,
    });
  });

  it('reads saves: the checkpoint of an iteration, an older single path, and the final weights', () => {
    expect(
      parseTrainingLine(
        'Iter 100: Saved adapter weights to adapters/adapters.safetensors and adapters/0000100_adapters.safetensors.',
      ),
    ).toEqual({ kind: 'saved', iteration: 100, path: 'adapters/0000100_adapters.safetensors' });
    expect(
      parseTrainingLine(
        'Iter 100: Saved adapter weights to /Users/me/my and your adapters/adapters.safetensors and /Users/me/my and your adapters/0000100_adapters.safetensors.',
      ),
    ).toEqual({
      kind: 'saved',
      iteration: 100,
      path: '/Users/me/my and your adapters/0000100_adapters.safetensors',
    });
    expect(parseTrainingLine('Iter 200: Saved adapter weights to adapters/adapters.safetensors.')).toEqual({
      kind: 'saved',
      iteration: 200,
      path: 'adapters/adapters.safetensors',
    });
    expect(parseTrainingLine('Saved final weights to /tmp/out/adapters.safetensors.')).toEqual({
      kind: 'saved',
      path: '/tmp/out/adapters.safetensors',
    });
  });
});

describe('the rich table (mlx_lm/cli_ui.py TrainUI, June 2026 and later)', () => {
  it('reads a training row, plain or coloured, with its k-suffixed token count', () => {
    const expected = { kind: 'train', iteration: 10, loss: 2.345, tokensPerSecond: 150, trainedTokens: 3000 };
    expect(parseTrainingLine('    10    2.345 ▼      150      3.0k')).toEqual(expected);
    const coloured = `  ${muted('  10')}    ${bold('2.345 ▼', ';32')}    ${bold('  150')}    ${muted('  3.0k')}`;
    expect(parseTrainingLine(coloured)).toEqual(expected);
  });

  it('reads a rising loss, thousands separators in tokens per second, and large token counts', () => {
    expect(parseTrainingLine('  1000    0.912 ▲    1,234    1234.5k')).toEqual({
      kind: 'train',
      iteration: 1000,
      loss: 0.912,
      tokensPerSecond: 1234,
      trainedTokens: 1234500,
    });
    expect(parseTrainingLine('  20 1.500   98   0.4k')).toMatchObject({ iteration: 20, trainedTokens: 400 });
  });

  it('reads validation rows', () => {
    expect(parseTrainingLine('     1    val 2.100    1.23s')).toEqual({
      kind: 'val',
      iteration: 1,
      loss: 2.1,
      seconds: 1.23,
    });
    const coloured = `  ${muted('   1')}    ${esc}[1;35mval${esc}[0m ${bold('2.100')}    ${muted('1.23s')}`;
    expect(parseTrainingLine(coloured)).toEqual({ kind: 'val', iteration: 1, loss: 2.1, seconds: 1.23 });
  });

  it('reads save rows, with the iteration from the checkpoint name', () => {
    expect(parseTrainingLine('  save  0000100_adapters.safetensors')).toEqual({
      kind: 'saved',
      iteration: 100,
      path: '0000100_adapters.safetensors',
    });
    expect(
      parseTrainingLine(`  ${esc}[1;32msave${esc}[0m  ${muted('0000200_adapters.safetensors')}`),
    ).toEqual({
      kind: 'saved',
      iteration: 200,
      path: '0000200_adapters.safetensors',
    });
  });
});

describe('lines that are not progress', () => {
  it.each([
    'Loading pretrained model',
    'Loading datasets',
    'Training',
    'Trainable parameters: 0.081% (0.524M/647.730M)',
    'Starting training..., iters: 100',
    'Warning: Validation set not found or empty. Training will proceed without validation.',
    'Calling `python -m mlx_lm.lora...` directly is deprecated. Use `mlx_lm.lora...` or `python -m mlx_lm lora ...` instead.',
    '  iter   train_loss     tok/s     tokens',
    `  ${esc}[1miter   train_loss     tok/s     tokens${esc}[0m`,
    'train ██████████████████████████████ 100% ·   100/100',
    '╭─ mlx_lm.lora ──────────────────────────────╮',
    '│  batch · iters   4 · 1,000                  │',
    'Iter 10: Train loss nan, Learning Rate 1.000e-05, It/sec 0.523, Tokens/sec 150.234, Trained Tokens 3000, Peak mem 8.123 GB',
    'Iter ten: Train loss 2.345',
    'Test loss 1.234, Test ppl 3.435.',
    'ValueError: Training set not found or empty. Must provide training set for fine-tuning.',
    'libc++abi: terminating due to uncaught exception of type std::runtime_error: [METAL] Command buffer execution failed: Insufficient Memory (00000008:kIOGPUCommandBufferCallbackErrorOutOfMemory)',
    '',
    '   ',
  ])('%j', (line) => {
    expect(parseTrainingLine(line)).toBeUndefined();
  });
});

describe('plain text', () => {
  it('drops colour codes, cursor moves and titles, and keeps only the last redraw of a line', () => {
    expect(plainText(`${esc}[?25l${esc}[1;32mok${esc}[0m ${esc}]0;title\u0007done`)).toBe('ok done');
    expect(plainText('train  10%\rtrain  50%\rtrain 100%\r')).toBe('train 100%');
    expect(plainText('Iter 10: Val loss 2.100')).toBe('Iter 10: Val loss 2.100');
  });
});
