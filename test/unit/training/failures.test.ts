// How a finished training run is judged from its exit and its last lines: each failure kind, which
// wins when several apply, and the advice given.
import { describe, expect, it } from 'vitest';
import { classifyRun, type RunFacts } from '../../../src/core/training/failures';

const metalAbort =
  'libc++abi: terminating due to uncaught exception of type std::runtime_error: [METAL] Command buffer execution failed: Insufficient Memory (00000008:kIOGPUCommandBufferCallbackErrorOutOfMemory)';

function facts(overrides: Partial<RunFacts> = {}): RunFacts {
  return {
    command: '/opt/homebrew/bin/mlx_lm.lora',
    args: { batchSize: 4, numLayers: 16, extraArgs: [], adapterPath: '/adapters/v2' },
    code: 0,
    signal: null,
    cancelled: false,
    lastLines: ['Iter 10: Train loss 2.345'],
    missingFiles: [],
    ...overrides,
  };
}

describe('judging a finished run', () => {
  it('exit 0 with the adapter written is a success', () => {
    expect(classifyRun(facts())).toBeUndefined();
  });

  it('cancelled wins over whatever the killed process printed', () => {
    expect(
      classifyRun(facts({ cancelled: true, code: null, signal: 'SIGTERM', lastLines: [metalAbort] })),
    ).toMatchObject({ kind: 'cancelled', message: 'Training was cancelled.', signal: 'SIGTERM' });
  });

  it('a run that exited 0 with its adapter just as the cancel came is a success', () => {
    expect(classifyRun(facts({ cancelled: true }))).toBeUndefined();
    expect(classifyRun(facts({ cancelled: true, missingFiles: ['adapters.safetensors'] }))?.kind).toBe(
      'cancelled',
    );
  });

  it.each([
    [metalAbort, 134, null],
    [
      'RuntimeError: [metal::malloc] Attempting to allocate 34359738368 bytes which is greater than the maximum allowed buffer size: out of memory',
      1,
      null,
    ],
    ['MemoryError', 1, null],
    ['libc++abi: terminating due to uncaught exception: Insufficient Memory', null, 'SIGABRT'],
  ])('out of memory: %s', (line, code, signal) => {
    const failure = classifyRun(
      facts({ code, signal, lastLines: ['Traceback (most recent call last):', line] }),
    );
    expect(failure).toMatchObject({
      kind: 'out_of_memory',
      advice: 'Reduce --batch-size (now 4) or --num-layers (now 16), or add --grad-checkpoint.',
    });
    expect(failure?.message).toBe(
      `Training ran out of memory (${signal ? `signal ${signal}` : `exit code ${code}`}).`,
    );
  });

  it('advises only what can still be lowered', () => {
    const args = { batchSize: 1, numLayers: 1, extraArgs: ['--grad-checkpoint'], adapterPath: 'a' };
    expect(classifyRun(facts({ args, code: 134, lastLines: [metalAbort] }))?.advice).toBe(
      'Lower --max-seq-length.',
    );
  });

  it('the words "out of memory" in a successful run change nothing', () => {
    expect(classifyRun(facts({ lastLines: ['Warning: nearly out of memory'] }))).toBeUndefined();
  });

  it('python3 without mlx_lm, and sh failing to exec a vanished command: not_installed', () => {
    expect(
      classifyRun(facts({ code: 1, lastLines: ['/usr/bin/python3: No module named mlx_lm'] })),
    ).toMatchObject({ kind: 'not_installed', advice: expect.stringContaining('pip install mlx-lm') });
    expect(
      classifyRun(facts({ code: 127, lastLines: ['sh: 8: exec: /opt/homebrew/bin/mlx_lm.lora: not found'] })),
    ).toMatchObject({ kind: 'not_installed', code: 127 });
  });

  it('another non-zero exit: exited, naming the last exception', () => {
    expect(
      classifyRun(
        facts({
          code: 1,
          lastLines: ['Traceback (most recent call last):', '  File "x.py"', "KeyError: 'model_type'", ''],
        }),
      ),
    ).toEqual({
      kind: 'exited',
      message: "Training stopped with exit code 1: KeyError: 'model_type'",
      lastLines: ['Traceback (most recent call last):', '  File "x.py"', "KeyError: 'model_type'", ''],
      code: 1,
      signal: null,
    });
  });

  it('killed by someone else (macOS stops memory hogs with SIGKILL): exited, with memory advice', () => {
    expect(classifyRun(facts({ code: null, signal: 'SIGKILL', lastLines: [] }))).toMatchObject({
      kind: 'exited',
      message: 'Training stopped with signal SIGKILL.',
      advice:
        'The system may have stopped it for lack of memory: reduce --batch-size (now 4) or --num-layers (now 16), or add --grad-checkpoint.',
    });
  });

  it('exit 0 without the adapter files: no_adapter, naming what is missing', () => {
    expect(
      classifyRun(facts({ missingFiles: ['adapters.safetensors', 'adapter_config.json'] })),
    ).toMatchObject({
      kind: 'no_adapter',
      code: 0,
      message:
        'Training finished without writing adapters.safetensors and adapter_config.json into /adapters/v2.',
    });
  });

  it('a failure exit wins over missing adapter files', () => {
    expect(classifyRun(facts({ code: 1, missingFiles: ['adapters.safetensors'] }))?.kind).toBe('exited');
  });
});
