// The host's end of the link to one training view page, without VS Code: it keeps the run's transcript,
// posts each message once the page has said `ready` (and the whole run again whenever it does: a page
// that loads starts empty), and routes what the page sends, validated, to the handlers. TrainingView
// wires it to a WebviewPanel; the browser tests wire it to a test page.
import type { TrainingOutcome, TrainingReport } from '../../core/training/events';
import { parseTrainingViewMessage, type TrainingHostMessage } from '../../protocol/training';
import { type TrainingRun, TrainingTranscript } from './trainingTranscript';

export interface TrainingViewHandlers {
  cancel(): void;
  register(): void;
  showLog(): void;
  /** A refused message from the page, or one of ours that could not be shown (for the extension's log). */
  warn(message: string): void;
}

export class TrainingViewLink {
  private readonly transcript: TrainingTranscript;
  private post: ((message: TrainingHostMessage) => void) | undefined;
  private ready = false;

  constructor(private readonly handlers: TrainingViewHandlers) {
    this.transcript = new TrainingTranscript((detail) => handlers.warn(detail));
  }

  /** A new page: nothing is posted to it until it says `ready`. */
  attach(post: (message: TrainingHostMessage) => void): void {
    this.post = post;
    this.ready = false;
  }

  /** The page is gone (closed); the run's transcript is kept for the next one. */
  detach(): void {
    this.post = undefined;
    this.ready = false;
  }

  /** A message from the page, whatever it is: validated first, and refused with a warning if invalid. */
  receive(data: unknown): void {
    const parsed = parseTrainingViewMessage(data);
    if (!parsed.ok) {
      this.handlers.warn(`Refused an invalid message from the training view: ${parsed.error.slice(0, 2000)}`);
      return;
    }
    switch (parsed.message.type) {
      case 'ready':
        this.ready = true;
        for (const message of this.transcript.replay()) this.post?.(message);
        return;
      case 'cancel':
        this.handlers.cancel();
        return;
      case 'register':
        this.handlers.register();
        return;
      case 'showLog':
        this.handlers.showLog();
        return;
    }
  }

  reset(run: TrainingRun): void {
    this.send(this.transcript.reset(run));
  }

  report(report: TrainingReport): void {
    this.send(this.transcript.report(report));
  }

  line(text: string): void {
    this.send(this.transcript.line(text));
  }

  finish(outcome: TrainingOutcome, registerLabel?: string | null): void {
    this.send(this.transcript.finish(outcome, registerLabel));
  }

  registered(text: string): void {
    this.send(this.transcript.registered(text));
  }

  /** Until the page is ready, messages only go into the transcript: `ready` replays them all. */
  private send(message: TrainingHostMessage | undefined): void {
    if (message && this.ready) this.post?.(message);
  }
}
