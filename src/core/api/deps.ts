// What the API needs from the rest of the product, as narrow interfaces: the database and something that
// asks a model (the CLI and the extension wire the real model-server client and supervisor).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { ModelAsker } from '../llm/asker';

export type { AnswerStream, ModelAsker, ModelQuestion } from '../llm/asker';

export interface ApiDeps {
  db: Kysely<Database>;
  models: ModelAsker;
  /** Request bodies larger than this are refused with 413 (default 1 MiB). */
  bodyLimitBytes?: number;
  /** How long a found API key is trusted before the database is asked again (default 5 s; 0: always). */
  apiKeyCacheMs?: number;
  /** One line per request (method, path, status, time); default: none. */
  accessLog?: (line: string) => void;
  /** Unexpected errors (500s), with their stack; default: stderr. */
  errorLog?: (error: unknown) => void;
}
