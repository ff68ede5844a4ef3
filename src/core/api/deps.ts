// What the API needs from the rest of the product, as narrow interfaces: the database and something that
// asks a model (the CLI and the extension wire the real model-server client and supervisor).
import type { Kysely } from 'kysely';
import type { Database, Provider } from '../db/schema';

export interface ModelQuestion {
  /** The models row's model string (an MLX path / repo id, an Ollama tag). */
  model: string;
  adapterPath: string | null;
  /** The models row's provider; null = the configured default. */
  provider: Provider | null;
  systemPrompt: string | null;
  question: string;
  /** Aborted when the client goes away: the model request must stop. */
  signal: AbortSignal;
}

/** An answer arriving: text deltas as they come, then the whole text. */
export interface AnswerStream extends AsyncIterable<string> {
  readonly result: Promise<{ text: string }>;
  cancel(): void;
}

export interface ModelAsker {
  /** Rejects (or the stream fails) with a DomainError of kind `unavailable`, code `model_server_*`. */
  ask(question: ModelQuestion): Promise<AnswerStream>;
}

export interface ApiDeps {
  db: Kysely<Database>;
  models: ModelAsker;
  /** Request bodies larger than this are refused with 413 (default 1 MiB). */
  bodyLimitBytes?: number;
  /** One line per request (method, path, status, time); default: none. */
  accessLog?: (line: string) => void;
  /** Unexpected errors (500s), with their stack; default: stderr. */
  errorLog?: (error: unknown) => void;
}
