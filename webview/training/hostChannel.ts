// The training view's one link to the extension host: typed posts out, and only messages that pass the
// protocol's validation in. Anything else is logged in the webview's console and dropped.
import {
  parseTrainingHostMessage,
  type TrainingHostMessage,
  type TrainingViewMessage,
} from '../../src/protocol/training';

interface VsCodeApi {
  postMessage(message: unknown): void;
}

/** VS Code's webview API (declared globally by the panel's hostChannel.ts with more than we use). */
const acquireApi = () => (globalThis as unknown as { acquireVsCodeApi(): VsCodeApi }).acquireVsCodeApi();

export interface TrainingChannel {
  post(message: TrainingViewMessage): void;
  /** Calls `onMessage` with every valid message from the host; returns the unsubscribe. */
  listen(onMessage: (message: TrainingHostMessage) => void): () => void;
}

export function connectToHost(api: VsCodeApi = acquireApi()): TrainingChannel {
  return {
    post: (message) => api.postMessage(message),
    listen(onMessage) {
      const handler = (event: MessageEvent) => {
        const parsed = parseTrainingHostMessage(event.data);
        if (parsed.ok) onMessage(parsed.message);
        else console.warn(`Dropped an invalid message from the host: ${parsed.error}`.slice(0, 2000));
      };
      window.addEventListener('message', handler);
      return () => window.removeEventListener('message', handler);
    },
  };
}
