// A supervised server that dies mid-answer shows up at the client as a cut connection or a refused one,
// which alone reads like a protocol fault. The supervisor knows better: when its process exited while the
// request was open, the failure is reported as `crashed` (the server stopped and is restarting), so every
// surface names the real cause instead of blaming the model name or the protocol.
import type { AskResult, AskStream } from '../llm/ask';
import { ModelServerError } from '../llm/modelServerError';

/** How long a cut connection waits for the process's exit to be seen before it is taken as a cut. */
export const CRASH_EVIDENCE_MS = 2_000;

type Exit = { code: number | null; signal: NodeJS.Signals | null };

/**
 * Wraps `stream` so that a connection failure while `exited` settles (within CRASH_EVIDENCE_MS) becomes
 * a ModelServerError `crashed`. `exited` is the asked process's exit; undefined for an adopted server.
 */
export function crashAware(stream: AskStream, exited: Promise<Exit> | undefined): AskStream {
  if (!exited) return stream;
  let explained: Promise<unknown> | undefined;
  const explain = (error: unknown): Promise<unknown> => {
    explained ??= explainFailure(error, exited);
    return explained;
  };
  const result: Promise<AskResult> = stream.result.catch(async (error: unknown) => {
    throw await explain(error);
  });
  // Settled by whoever awaits first; a rejection nobody awaits is not an unhandled one.
  result.catch(() => {});
  async function* iterate(): AsyncGenerator<string> {
    try {
      for await (const piece of stream) yield piece;
    } catch (error) {
      throw await explain(error);
    }
  }
  return { result, cancel: () => stream.cancel(), [Symbol.asyncIterator]: iterate };
}

async function explainFailure(error: unknown, exited: Promise<Exit>): Promise<unknown> {
  if (!(error instanceof ModelServerError)) return error;
  if (error.reason !== 'bad_response' && error.reason !== 'unreachable') return error;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const exit = await Promise.race([
    exited,
    new Promise<undefined>((done) => {
      timer = setTimeout(() => done(undefined), CRASH_EVIDENCE_MS);
    }),
  ]).finally(() => clearTimeout(timer));
  if (!exit) return error;
  const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
  return new ModelServerError(
    'crashed',
    `The MLX server stopped while answering (${how}) and is restarting; nothing was recorded.`,
    { url: error.url, cause: error },
  );
}
