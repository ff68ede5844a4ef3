// How the model server's state reads in the status bar (no vscode import: tested directly).
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
  text: string;
  tooltip: string;
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
    text: `${icons[state.name]} ${labels.mlx}${port}`,
    tooltip: lines.filter(Boolean).join('\n'),
    severity:
      state.name === 'failed'
        ? 'error'
        : state.name === 'crashed' || state.name === 'wedged'
          ? 'warning'
          : 'normal',
  };
}
