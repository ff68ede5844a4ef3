// When is mlx_lm.server ready? `/health` answers as soon as HTTP is up (liveness only, even with no
// model and a dead generation thread), so ready = health answered AND a one-token completion for the
// chosen model came back.
import { request } from 'undici';
import { defaultModelServerAgent, httpStatusError, readText, toModelServerError } from '../llm/http';
import { ModelServerError } from '../llm/modelServerError';
import { checkHealth } from '../llm/models';

/** True when /health answers within `timeoutMs`. */
export async function healthAnswers(
  baseUrl: string,
  timeoutMs = 1_000,
  signal?: AbortSignal,
): Promise<boolean> {
  try {
    await checkHealth({ provider: 'openai', baseUrl, timeoutMs, signal });
    return true;
  } catch {
    return false;
  }
}

/** Polls /health until it answers; rejects with the signal's reason when aborted. */
export async function waitForHealth(baseUrl: string, intervalMs: number, signal: AbortSignal): Promise<void> {
  while (!(await healthAnswers(baseUrl, 1_000, signal))) {
    signal.throwIfAborted();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, intervalMs);
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
    signal.throwIfAborted();
  }
}

/** One completion of at most one token for the model (and adapter): loads it, proves generation works. */
export async function warmUp(
  baseUrl: string,
  model: string,
  adapterPath: string | undefined,
  signal: AbortSignal,
): Promise<void> {
  const url = `${baseUrl}/v1/chat/completions`;
  try {
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model,
        ...(adapterPath !== undefined && { adapters: adapterPath }),
        messages: [{ role: 'user', content: 'Hi' }],
        max_tokens: 1,
        stream: false,
      }),
      dispatcher: defaultModelServerAgent(),
      signal,
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    const text = await readText(response.body);
    if (response.statusCode < 200 || response.statusCode >= 300)
      throw httpStatusError(response.statusCode, text, url);
  } catch (error) {
    if (error instanceof ModelServerError) throw error;
    throw toModelServerError(error, url, signal, false);
  }
}
