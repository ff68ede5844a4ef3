import { describe, expect, it } from 'vitest';
import { mlxStatusView, type StatusLabels } from '../../../src/extension/modelServer/statusText';

const labels: StatusLabels = {
  mlx: 'MLX',
  stopped: 'stopped',
  starting: 'starting',
  loading: 'loading',
  ready: 'ready',
  wedged: 'not answering',
  crashed: (s) => `crashed, restart in ${s}s`,
  failed: 'failed',
};

describe('model server status text', () => {
  it('shows the port when ready, with the model and adapter in the tooltip', () => {
    const view = mlxStatusView(
      {
        name: 'ready',
        port: 8080,
        pid: 42,
        adopted: false,
        model: 'm',
        adapterPath: '/a',
        lastStderr: [],
        crashes: 0,
      },
      labels,
    );
    // The state in words, not only an icon.
    expect(view.text).toBe('$(check) MLX ready :8080');
    expect(view.accessibilityLabel).toBe('MLX: ready :8080');
    expect(view.tooltip).toContain('model: m');
    expect(view.tooltip).toContain('adapter: /a');
    expect(view.severity).toBe('normal');
  });

  it('shows a crash with the restart delay and the last stderr lines', () => {
    const view = mlxStatusView(
      {
        name: 'crashed',
        restartInMs: 2000,
        adopted: false,
        lastStderr: ['[METAL] out of memory'],
        crashes: 1,
      },
      labels,
    );
    expect(view.tooltip).toContain('crashed, restart in 2s');
    expect(view.text).toBe('$(debug-restart) MLX crashed, restart in 2s');
    expect(view.tooltip).toContain('[METAL] out of memory');
    expect(view.severity).toBe('warning');
  });

  it('marks a failure as an error with its message', () => {
    const view = mlxStatusView(
      { name: 'failed', adopted: false, lastStderr: [], crashes: 5, message: 'pip install mlx-lm' },
      labels,
    );
    expect(view.text).toBe('$(error) MLX failed');
    expect(view.tooltip).toContain('pip install mlx-lm');
    expect(view.severity).toBe('error');
  });
});
