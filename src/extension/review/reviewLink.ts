// The host's end of the link to one review view page, without VS Code: what the page asks for (the walk,
// an entry, a review, a resolution, a draft) is validated, answered from the backend and posted back; a
// refused review is said in the page, next to the field it is about. ReviewView wires it to a
// WebviewPanel; the browser tests wire it to a test page, the integration tests to a list of messages.
import { isDomainError } from '../../core/errors';
import type { CorrectionDraft, DraftInProgress } from '../../core/review';
import {
  parseReviewViewMessage,
  type ReviewHostMessage,
  type ReviewViewMessage,
} from '../../protocol/review';
import type { ReviewBackend } from './reviewBackend';

export interface DraftRequestFromView {
  logId: number;
  evaluation: 2 | 3;
  reason: string | null;
  signal: AbortSignal;
}

/** Drafting a correction: which model (the host asks the user), then the core's stream. */
export interface DraftService {
  /** The model the user picks (a QuickPick in the editor); undefined: they chose none. */
  pickModel(): Promise<{ id: number; name: string } | undefined>;
  start(modelId: number, request: DraftRequestFromView): Promise<DraftInProgress>;
}

export interface ReviewLinkHandlers {
  openLink(href: string): void;
  editGuidelines(pocId: number): void;
  /** A review or resolution was saved: the Logs tree and other views refresh. */
  changed(logId: number): void;
  /** A refused message from the page, or a failure answering it (for the extension's log). */
  warn(message: string): void;
}

type Posted = (message: ReviewHostMessage) => void;

export class ReviewLink {
  private post: Posted | undefined;
  private readonly drafts = new Map<string, { controller: AbortController; stream?: DraftInProgress }>();
  /** Shown on the next `ready` instead of the walk (Show Review Agreement before the page loaded). */
  private pendingAgreement: number | undefined;

  constructor(
    private readonly backend: ReviewBackend,
    private readonly drafting: DraftService,
    private readonly handlers: ReviewLinkHandlers,
  ) {}

  attach(post: Posted): void {
    this.post = post;
  }

  /** The page is gone: drafts still streaming are cancelled (nothing of them was saved). */
  detach(): void {
    this.post = undefined;
    for (const draft of this.drafts.values()) draft.controller.abort();
    this.drafts.clear();
  }

  /** Shows a PoC's agreement figures now, or once the page is ready. */
  async showAgreement(pocId: number, ready: boolean): Promise<void> {
    if (!ready) {
      this.pendingAgreement = pocId;
      return;
    }
    this.post?.({ type: 'agreement', agreement: await this.backend.agreement(pocId) });
  }

  /** A message from the page, whatever it is: validated first, refused with a warning if invalid. */
  async receive(data: unknown): Promise<void> {
    const parsed = parseReviewViewMessage(data);
    if (!parsed.ok) {
      this.handlers.warn(`Refused an invalid message from the review view: ${parsed.error.slice(0, 2000)}`);
      return;
    }
    const message = parsed.message;
    try {
      await this.handle(message);
    } catch (error) {
      this.handlers.warn(
        `The review view's ${message.type} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (message.type === 'submit' || message.type === 'resolve') {
        this.post?.({
          type: 'saveFailed',
          position: message.position,
          message: messageOf(error),
          field: null,
        });
      }
    }
  }

  /** Reloads the walk (another window or the tree changed it) and shows `position`. */
  async reload(position = 0): Promise<void> {
    const { state, start } = await this.backend.load();
    this.post?.(state);
    this.post?.(await this.backend.item(position || start));
  }

  private async handle(message: ReviewViewMessage): Promise<void> {
    switch (message.type) {
      case 'ready': {
        const agreement = this.pendingAgreement;
        this.pendingAgreement = undefined;
        const { state, start } = await this.backend.load();
        this.post?.(state);
        this.post?.(await this.backend.item(start));
        if (agreement !== undefined) await this.showAgreement(agreement, true);
        return;
      }
      case 'show':
        this.post?.(await this.backend.item(message.position));
        return;
      case 'submit':
      case 'resolve':
        await this.save(message);
        return;
      case 'draft':
        await this.draft(message);
        return;
      case 'cancelDraft': {
        const draft = this.drafts.get(message.request_id);
        draft?.controller.abort();
        draft?.stream?.cancel();
        return;
      }
      case 'editGuidelines':
        this.handlers.editGuidelines(message.poc_id);
        return;
      case 'openLink':
        this.handlers.openLink(message.href);
        return;
    }
  }

  private async save(message: Extract<ReviewViewMessage, { type: 'submit' | 'resolve' }>): Promise<void> {
    // The entry must still be the one the page showed at that position (the walk is a snapshot).
    if (this.backend.logIdAt(message.position) !== message.log_id) {
      this.post?.({
        type: 'saveFailed',
        position: message.position,
        message: `Log ${message.log_id} is no longer at this place in the list; reopen the review view.`,
        field: null,
      });
      return;
    }
    try {
      if (message.type === 'submit')
        await this.backend.submit(message.log_id, message.verdict, message.draft);
      else await this.backend.resolve(message.log_id, message.decision);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      this.post?.({
        type: 'saveFailed',
        position: message.position,
        message: error.message.slice(0, 2000),
        field: fieldOf(error.message),
      });
      // Reviewed already (another window, REST): show that review and what it reveals.
      if (error.kind !== 'conflict') return;
    }
    this.handlers.changed(message.log_id);
    this.post?.(await this.backend.state());
    this.post?.(await this.backend.item(message.position));
  }

  private async draft(message: Extract<ReviewViewMessage, { type: 'draft' }>): Promise<void> {
    const ended = (text: string | null) =>
      this.post?.({
        type: 'draftEnded',
        request_id: message.request_id,
        log_id: message.log_id,
        message: text,
      });
    const model = await this.drafting.pickModel();
    if (!model) {
      ended(null);
      return;
    }
    const controller = new AbortController();
    const entry: { controller: AbortController; stream?: DraftInProgress } = { controller };
    this.drafts.set(message.request_id, entry);
    try {
      const stream = await this.drafting.start(model.id, {
        logId: message.log_id,
        evaluation: message.evaluation,
        reason: message.reason,
        signal: controller.signal,
      });
      entry.stream = stream;
      this.post?.({
        type: 'draftStarted',
        request_id: message.request_id,
        log_id: message.log_id,
        model_id: model.id,
        model_name: model.name,
      });
      for await (const text of stream) {
        if (controller.signal.aborted) break;
        this.post?.({ type: 'draftDelta', request_id: message.request_id, text });
      }
      if (controller.signal.aborted) {
        stream.cancel();
        ended(null);
        return;
      }
      const done: CorrectionDraft = await stream.result;
      this.post?.({
        type: 'draftDone',
        request_id: message.request_id,
        text: done.text,
        drafted_at: done.drafted_at.toISOString(),
      });
    } catch (error) {
      ended(controller.signal.aborted ? null : messageOf(error));
    } finally {
      this.drafts.delete(message.request_id);
    }
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 2000);

/** The form field a core message is about ("verdict.reason: is required…"), for the view to point at. */
function fieldOf(message: string): 'evaluation' | 'reason' | 'correct_answer' | 'priority' | null {
  const match = /(?:^|[\s;])(?:verdict\.)?(evaluation|reason|correct_answer|priority):/.exec(message);
  return (match?.[1] as 'evaluation' | 'reason' | 'correct_answer' | 'priority' | undefined) ?? null;
}
