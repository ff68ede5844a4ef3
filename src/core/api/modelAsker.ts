// The real ModelAsker: a model row's provider picks the protocol (else the configured default); the
// question goes to the configured base URL, or to the supervised MLX server when there is none.
import { DomainError } from '../errors';
import { type Asker, type AskOptions, askerWith } from '../llm/ask';
import type { MlxSupervisor } from '../supervisor/mlxSupervisor';
import type { AnswerStream, ModelAsker, ModelQuestion } from './deps';

export interface ModelServerConfig {
  /** An OpenAI-compatible or Ollama base URL, e.g. http://127.0.0.1:8080. */
  baseUrl?: string;
  /** The protocol for model rows without a provider. */
  provider: 'openai' | 'ollama';
  /** With no base URL: the MLX server this process supervises. */
  supervisor?: MlxSupervisor;
  /** Overrides of the client's time limits (first token, idle, total). */
  timeouts?: AskOptions['timeouts'];
  /** Generation limits sent with every question (the editor's llamune.generation.* settings). */
  generation?: Pick<AskOptions, 'maxTokens' | 'temperature'>;
}

export const notConfiguredMessage =
  'No model server is configured. Set LLAMUNE_LLM_BASE_URL (and LLAMUNE_LLM_PROVIDER=openai or ollama) ' +
  'to an OpenAI-compatible or Ollama server, or LLAMUNE_MLX_COMMAND to an mlx_lm.server program to supervise ' +
  '(the default `mlx_lm.server` is used only on macOS with Apple Silicon).';

export function createModelAsker(config: ModelServerConfig): ModelAsker {
  // One asker per protocol at the base URL, its settings checked once.
  const askers = new Map<'openai' | 'ollama', Asker>();
  const askerFor = (provider: 'openai' | 'ollama', baseUrl: string) => {
    let asker = askers.get(provider);
    if (!asker) {
      asker = askerWith({
        provider,
        baseUrl,
        timeouts: config.timeouts,
        maxTokens: config.generation?.maxTokens,
        temperature: config.generation?.temperature,
      });
      askers.set(provider, asker);
    }
    return asker;
  };
  return {
    async ask(q: ModelQuestion): Promise<AnswerStream> {
      const protocol = q.provider === 'ollama' ? 'ollama' : q.provider ? 'openai' : config.provider;
      const question = {
        model: q.model,
        adapterPath: q.adapterPath ?? undefined,
        systemPrompt: q.systemPrompt ?? undefined,
        question: q.question,
        signal: q.signal,
      };
      if (config.baseUrl) return askerFor(protocol, config.baseUrl)(question);
      const common = {
        ...question,
        timeouts: config.timeouts,
        maxTokens: config.generation?.maxTokens,
        temperature: config.generation?.temperature,
      };
      if (config.supervisor && protocol === 'openai') return config.supervisor.ask(common);
      const why =
        protocol === 'ollama' && config.supervisor
          ? `Model ${q.model} is served by Ollama, but only an MLX server is configured. Set LLAMUNE_LLM_BASE_URL and LLAMUNE_LLM_PROVIDER=ollama.`
          : notConfiguredMessage;
      throw new DomainError('unavailable', why, 'model_server_not_configured');
    },
  };
}
