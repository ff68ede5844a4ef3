// What every provider implements: one streamed chat completion for [system?, user], as text deltas
// followed by how it ended. ask() adds time limits, cancellation and the result on top.
import type { Dispatcher } from 'undici';

export interface ChatQuestion {
  baseUrl: string;
  model: string;
  adapterPath?: string;
  systemPrompt?: string;
  question: string;
  maxTokens?: number;
  temperature?: number;
}

export interface StreamContext {
  dispatcher: Dispatcher;
  /** Aborted by the caller or by a time limit; its reason is the error to report. */
  signal: AbortSignal;
  /** Longest silence allowed between two pieces of the body, keep-alive comments included. */
  idleMs: number;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

export interface Completion {
  /** The model the server says answered. */
  model?: string;
  finishReason?: string;
  usage?: Usage;
}

export type ProviderStream = AsyncGenerator<string, Completion, undefined>;

/** The only messages a question ever sends: one-shot, never earlier turns. */
export function oneShotMessages(question: ChatQuestion): { role: 'system' | 'user'; content: string }[] {
  const messages: { role: 'system' | 'user'; content: string }[] = [];
  if (question.systemPrompt !== undefined && question.systemPrompt.trim() !== '') {
    messages.push({ role: 'system', content: question.systemPrompt });
  }
  messages.push({ role: 'user', content: question.question });
  return messages;
}
