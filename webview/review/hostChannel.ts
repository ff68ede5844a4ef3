// The review view's one link to the extension host: typed posts out, and only messages that pass the
// protocol's guard in. Anything else is logged in the webview's console and dropped.
import type { ReviewHostMessage, ReviewViewMessage } from '../../src/protocol/review';
import { checkReviewHostMessage } from '../../src/protocol/reviewGuard';

interface VsCodeApi {
  postMessage(message: unknown): void;
}

/** VS Code's webview API (declared globally by the panel's hostChannel.ts with more than we use). */
const acquireApi = () => (globalThis as unknown as { acquireVsCodeApi(): VsCodeApi }).acquireVsCodeApi();

export interface ReviewChannel {
  post(message: ReviewViewMessage): void;
  /** Calls `onMessage` with every valid message from the host; returns the unsubscribe. */
  listen(onMessage: (message: ReviewHostMessage) => void): () => void;
}

export function connectToHost(api: VsCodeApi = acquireApi()): ReviewChannel {
  return {
    post: (message) => api.postMessage(message),
    listen(onMessage) {
      const handler = (event: MessageEvent) => {
        const checked = checkReviewHostMessage(event.data);
        if (checked.ok) onMessage(checked.message);
        else console.warn(`Dropped an invalid message from the host: ${checked.error}`.slice(0, 2000));
      };
      window.addEventListener('message', handler);
      return () => window.removeEventListener('message', handler);
    },
  };
}
