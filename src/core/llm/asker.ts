// What asks a model one question, as the rest of the core sees it: the CLI and the extension wire the
// real model-server client (createModelAsker) or the supervised MLX server behind it.
import type { Provider } from '../db/schema';

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
