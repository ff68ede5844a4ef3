// Waiting for the supervised server to be ready: the base URL once `ready`, a ModelServerError once it
// failed or was stopped, `cancelled` when the caller gives up.
import { ModelServerError } from '../llm/modelServerError';
import type { SupervisorState } from './options';

export function readyUrl(
  current: SupervisorState,
  subscribe: (listener: (state: SupervisorState) => void) => () => void,
  signal: AbortSignal | undefined,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const finish = (action: () => void) => {
      unsubscribe();
      signal?.removeEventListener('abort', onAbort);
      action();
    };
    const check = (state: SupervisorState) => {
      if (state.name === 'ready') finish(() => resolve(state.baseUrl!));
      else if (state.name === 'failed') {
        finish(() => reject(new ModelServerError('unreachable', state.message ?? 'The MLX server failed.')));
      } else if (state.name === 'stopped') {
        finish(() => reject(new ModelServerError('unreachable', 'The MLX server was stopped.')));
      }
    };
    const onAbort = () =>
      finish(() => reject(new ModelServerError('cancelled', 'Waiting for the MLX server was cancelled.')));
    const unsubscribe = subscribe(check);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    check(current);
  });
}
