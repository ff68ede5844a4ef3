// The host's end of the link to one A/B view page, without VS Code: what the page asks for (the run,
// an item, a vote) is validated, answered from the backend and posted back; a refused vote is said in
// the page. AbTestView wires it to a WebviewPanel; the browser tests wire it to a test page.
import { isDomainError } from '../../core/errors';
import {
  type AbChoiceView,
  type AbHostMessage,
  type AbItemViewMessage,
  parseAbViewMessage,
} from '../../protocol/abtest';

/** What the view shows, for one run and one voter. */
export interface AbBackend {
  state(): Promise<Extract<AbHostMessage, { type: 'state' }>>;
  item(position: number): Promise<AbItemViewMessage>;
  vote(position: number, choice: AbChoiceView, reason: string | null): Promise<void>;
  /** Where the voter picks up (the first item left to vote on). */
  start(): Promise<number>;
}

export interface AbLinkHandlers {
  openLink(href: string): void;
  /** A refused message from the page, or a failure answering it (for the extension's log). */
  warn(message: string): void;
}

export class AbTestLink {
  private post: ((message: AbHostMessage) => void) | undefined;

  constructor(
    private readonly backend: AbBackend,
    private readonly handlers: AbLinkHandlers,
  ) {}

  attach(post: (message: AbHostMessage) => void): void {
    this.post = post;
  }

  detach(): void {
    this.post = undefined;
  }

  /** A message from the page, whatever it is: validated first, refused with a warning if invalid. */
  async receive(data: unknown): Promise<void> {
    const parsed = parseAbViewMessage(data);
    if (!parsed.ok) {
      this.handlers.warn(`Refused an invalid message from the A/B view: ${parsed.error.slice(0, 2000)}`);
      return;
    }
    const message = parsed.message;
    try {
      switch (message.type) {
        case 'ready':
          this.post?.(await this.backend.state());
          this.post?.({ type: 'item', item: await this.backend.item(await this.backend.start()) });
          return;
        case 'show':
          this.post?.({ type: 'item', item: await this.backend.item(message.position) });
          return;
        case 'vote':
          try {
            await this.backend.vote(message.position, message.choice, message.reason);
          } catch (error) {
            if (!isDomainError(error)) throw error;
            this.post?.({
              type: 'voteFailed',
              position: message.position,
              message: error.message.slice(0, 2000),
            });
            // Voted already (e.g. in another window): show that vote and its reveal.
            if (error.kind !== 'conflict') return;
          }
          this.post?.({ type: 'item', item: await this.backend.item(message.position) });
          this.post?.(await this.backend.state());
          return;
        case 'openLink':
          this.handlers.openLink(message.href);
          return;
      }
    } catch (error) {
      this.handlers.warn(
        `The A/B view's ${message.type} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
