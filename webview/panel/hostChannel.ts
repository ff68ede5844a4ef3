// The webview's one link to the extension host: typed posts, validated receipts, and the drafts kept in
// VS Code's per-webview state. Invalid messages from the host are logged (here and to the host) and dropped.
import { check } from '../../src/protocol/guards';
import { checkHostMessage } from '../../src/protocol/hostMessageGuard';
import type { HostMessage, WebviewMessage } from '../../src/protocol/messages';
import { type PersistedDrafts, persistedDraftsGuard } from './persisted';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  function acquireVsCodeApi(): VsCodeApi;
}

export interface HostChannel {
  post(message: WebviewMessage): void;
  loadDrafts(): PersistedDrafts | null;
  saveDrafts(drafts: PersistedDrafts): void;
  /** Calls `onMessage` with every valid message from the host; returns the unsubscribe. */
  listen(onMessage: (message: HostMessage) => void): () => void;
}

export function connectToHost(api: VsCodeApi = acquireVsCodeApi()): HostChannel {
  const post = (message: WebviewMessage) => api.postMessage(message);
  return {
    post,
    loadDrafts() {
      const result = check(persistedDraftsGuard, api.getState());
      return result.ok ? result.message : null;
    },
    saveDrafts(drafts) {
      api.setState(drafts);
    },
    listen(onMessage) {
      const handler = (event: MessageEvent) => {
        const parsed = checkHostMessage(event.data);
        if (parsed.ok) onMessage(parsed.message);
        else {
          const type = typeof event.data?.type === 'string' ? String(event.data.type).slice(0, 40) : '?';
          const text = `Dropped an invalid message from the host (${type}): ${parsed.error}`.slice(0, 2000);
          console.warn(text);
          post({ type: 'log', level: 'warn', message: text });
        }
      };
      window.addEventListener('message', handler);
      return () => window.removeEventListener('message', handler);
    },
  };
}
