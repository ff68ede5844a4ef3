// The A/B view's one link to the extension host: typed posts out, and only messages that pass the
// protocol's guard in. Anything else is logged in the webview's console and dropped.
import type { AbHostMessage, AbViewMessage } from '../../src/protocol/abtest';
import { checkAbHostMessage } from '../../src/protocol/abtestGuard';

interface VsCodeApi {
  postMessage(message: unknown): void;
}

/** VS Code's webview API (declared globally by the panel's hostChannel.ts with more than we use). */
const acquireApi = () => (globalThis as unknown as { acquireVsCodeApi(): VsCodeApi }).acquireVsCodeApi();

export interface AbChannel {
  post(message: AbViewMessage): void;
  /** Calls `onMessage` with every valid message from the host; returns the unsubscribe. */
  listen(onMessage: (message: AbHostMessage) => void): () => void;
}

export function connectToHost(api: VsCodeApi = acquireApi()): AbChannel {
  return {
    post: (message) => api.postMessage(message),
    listen(onMessage) {
      const handler = (event: MessageEvent) => {
        const checked = checkAbHostMessage(event.data);
        if (checked.ok) onMessage(checked.message);
        else console.warn(`Dropped an invalid message from the host: ${checked.error}`.slice(0, 2000));
      };
      window.addEventListener('message', handler);
      return () => window.removeEventListener('message', handler);
    },
  };
}
