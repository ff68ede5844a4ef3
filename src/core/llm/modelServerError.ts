// The one error type for everything that goes wrong between us and a model server; surfaces map
// `reason` to what they show (REST: unreachable / crashed → 503, timeout → 504, server_error/bad_response
// → 502). `crashed` is only known to a supervisor: its process exited while the request was open.
import { DomainError } from '../errors';

export type ModelServerFailure =
  | 'unreachable'
  | 'timeout'
  | 'server_error'
  | 'bad_response'
  | 'crashed'
  | 'cancelled';

export interface ModelServerErrorDetails {
  /** The HTTP status the server answered, for `server_error`. */
  status?: number;
  /** The server's own words, e.g. the `error` field of its JSON body. */
  serverMessage?: string;
  /** Where the failing request went. */
  url?: string;
  /** For `timeout`: which limit ran out. A missing first token is what marks a wedged MLX server. */
  timeout?: 'first_token' | 'idle' | 'total';
  cause?: unknown;
}

export class ModelServerError extends DomainError {
  readonly status?: number;
  readonly serverMessage?: string;
  readonly url?: string;
  readonly timeout?: 'first_token' | 'idle' | 'total';

  constructor(
    readonly reason: ModelServerFailure,
    message: string,
    details: ModelServerErrorDetails = {},
  ) {
    super('unavailable', message, `model_server_${reason}`, { cause: details.cause });
    this.status = details.status;
    this.serverMessage = details.serverMessage;
    this.url = details.url;
    this.timeout = details.timeout;
  }
}

export function isModelServerError(error: unknown): error is ModelServerError {
  return error instanceof ModelServerError;
}
