// What a model server holds and whether it answers: `/v1/models` and `/health` for OpenAI-compatible
// servers (mlx_lm.server, llama-server, vLLM), `/api/tags` and `/api/version` for Ollama.
import type { Dispatcher } from 'undici';
import * as z from 'zod';
import type { Provider } from './ask';
import { getBody, openAiRoot, serverRoot } from './http';
import { ModelServerError } from './modelServerError';

export interface ServerModel {
  id: string;
  /** Ollama's size and quantisation, when the server says. */
  details?: { parameterSize?: string; quantization?: string; sizeBytes?: number };
}

export interface ServerTarget {
  provider: Provider;
  baseUrl: string;
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
  timeoutMs?: number;
}

const openAiModelsSchema = z.object({ data: z.array(z.object({ id: z.string() })) });
const ollamaTagsSchema = z.object({
  models: z.array(
    z.object({
      name: z.string(),
      size: z.number().optional(),
      details: z
        .object({ parameter_size: z.string().optional(), quantization_level: z.string().optional() })
        .optional(),
    }),
  ),
});

function parseBody<S extends z.ZodType>(schema: S, text: string, url: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ModelServerError('bad_response', `${url} did not answer JSON: ${text.slice(0, 200)}`, { url });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ModelServerError('bad_response', `${url} answered an unexpected shape: ${text.slice(0, 200)}`, {
      url,
    });
  }
  return parsed.data;
}

export async function listModels(target: ServerTarget): Promise<ServerModel[]> {
  if (target.provider === 'ollama') {
    const url = `${serverRoot(target.baseUrl)}/api/tags`;
    const tags = parseBody(ollamaTagsSchema, await getBody(url, target), url);
    return tags.models.map((model) => ({
      id: model.name,
      details: {
        parameterSize: model.details?.parameter_size,
        quantization: model.details?.quantization_level,
        sizeBytes: model.size,
      },
    }));
  }
  const url = `${openAiRoot(target.baseUrl)}/models`;
  return parseBody(openAiModelsSchema, await getBody(url, target), url).data.map((model) => ({
    id: model.id,
  }));
}

export interface Health {
  /** Liveness only: mlx_lm.server answers before any model is loaded and even when it cannot generate. */
  live: true;
  latencyMs: number;
}

/** Throws a ModelServerError when the server does not answer; `/v1/models` stands in where `/health` is 404. */
export async function checkHealth(target: ServerTarget): Promise<Health> {
  const started = performance.now();
  if (target.provider === 'ollama') {
    await getBody(`${serverRoot(target.baseUrl)}/api/version`, target);
    return { live: true, latencyMs: performance.now() - started };
  }
  try {
    await getBody(`${serverRoot(target.baseUrl)}/health`, target);
  } catch (error) {
    if (!(error instanceof ModelServerError && error.status === 404)) throw error;
    await getBody(`${openAiRoot(target.baseUrl)}/models`, target);
  }
  return { live: true, latencyMs: performance.now() - started };
}
