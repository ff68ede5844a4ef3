// How the model server's state reads in the status bar, and which changes the panel announces (no
// vscode import: tested directly).
import type { SupervisorState } from '../../core/supervisor/options';

export interface StatusLabels {
  mlx: string;
  stopped: string;
  starting: string;
  loading: string;
  ready: string;
  wedged: string;
  crashed(seconds: number): string;
  failed: string;
}

export interface StatusView {
  /** The icon and the state in words, e.g. `$(check) MLX ready :8080`. */
  text: string;
  /** Plain lines: the state, model, adapter, pid, message and, after a failure, the last stderr lines. */
  tooltip: string;
  /** What a screen reader says for the item (the icon alone says nothing). */
  accessibilityLabel: string;
  severity: 'normal' | 'warning' | 'error';
}

const icons: Record<SupervisorState['name'], string> = {
  stopped: '$(circle-slash)',
  starting: '$(loading~spin)',
  loading: '$(loading~spin)',
  ready: '$(check)',
  wedged: '$(warning)',
  crashed: '$(debug-restart)',
  failed: '$(error)',
};

export function mlxStatusView(state: SupervisorState, labels: StatusLabels): StatusView {
  const name =
    state.name === 'crashed'
      ? labels.crashed(Math.ceil((state.restartInMs ?? 0) / 1000))
      : labels[state.name];
  const port = state.name === 'ready' && state.port ? ` :${state.port}` : '';
  const lines = [
    `${labels.mlx}: ${name}${port}`,
    state.model ? `model: ${state.model}` : undefined,
    state.adapterPath ? `adapter: ${state.adapterPath}` : undefined,
    state.pid ? `pid: ${state.pid}${state.adopted ? ' (adopted)' : ''}` : undefined,
    state.message,
    ...(state.name === 'failed' || state.name === 'crashed' ? state.lastStderr.slice(-5) : []),
  ];
  return {
    text: `${icons[state.name]} ${labels.mlx} ${name}${port}`,
    tooltip: lines.filter(Boolean).join('\n'),
    accessibilityLabel: `${labels.mlx}: ${name}${port}`,
    severity:
      state.name === 'failed'
        ? 'error'
        : state.name === 'crashed' || state.name === 'wedged'
          ? 'warning'
          : 'normal',
  };
}

export type ServerRestartEvent = { kind: 'restarting' | 'restarted' | 'failed'; message: string | null };

/** A crash or wedge (restarting), the first ready after one (restarted), or giving up (failed). */
export function restartEventFor(
  previous: SupervisorState['name'],
  state: SupervisorState,
): ServerRestartEvent | null {
  const down = (name: SupervisorState['name']) => name === 'crashed' || name === 'wedged';
  if (down(state.name) && !down(previous)) return { kind: 'restarting', message: state.message ?? null };
  if (state.name === 'ready' && (down(previous) || previous === 'starting' || previous === 'loading'))
    return state.crashes > 0 ? { kind: 'restarted', message: null } : null;
  if (state.name === 'failed' && previous !== 'failed')
    return { kind: 'failed', message: state.message ?? null };
  return null;
}
