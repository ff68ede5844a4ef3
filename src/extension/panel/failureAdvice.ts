// Which fix to offer for a failed question, decided from the error's code alone (no vscode, so tested
// directly): each failure gets its own advice, so a crash is never answered with "is the model name
// right?" and a wrong model name never with "start the server".
import { isDomainError } from '../../core/errors';

export type FailureAdvice =
  | 'new_session'
  | 'configure_server'
  | 'crashed'
  | 'timeout'
  | 'model_name'
  | 'server_error'
  | 'bad_response'
  | 'start_server';

export function adviceFor(error: unknown): FailureAdvice | null {
  if (!isDomainError(error)) return null;
  switch (error.code) {
    case 'session_ended':
      return 'new_session';
    case 'model_server_not_configured':
      return 'configure_server';
    case 'model_server_crashed':
      return 'crashed';
    case 'model_server_timeout':
      return 'timeout';
    case 'model_server_server_error':
      // mlx_lm.server and Ollama answer 404 when they cannot find or load the model a row names.
      return (error as { status?: number }).status === 404 ? 'model_name' : 'server_error';
    case 'model_server_bad_response':
      return 'bad_response';
  }
  return error.code.startsWith('model_server_') || error.kind === 'unavailable' ? 'start_server' : null;
}
