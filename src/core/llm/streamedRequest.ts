// One HTTP request to a model server whose body is read as it arrives, through undici's dispatch
// handler: the chunks go straight to the reader, with no Node Readable (request()'s BodyReadable)
// in between. Answers are read chunk by chunk on the path of every question, and the stream machinery
// was a measurable share of what POST /chat spends over bench:api's floor (its added latency
// 1.28–1.32× → 1.24–1.29× the floor's, 3 of 3 side-by-side runs).
import type { Dispatcher } from 'undici';

type IncomingHttpHeaders = Record<string, string | string[] | undefined>;

export interface StreamedRequestOptions {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  dispatcher: Dispatcher;
  /** Aborting it stops the request; its reason is what the caller then sees thrown. */
  signal: AbortSignal;
  /** Longest wait for the response's headers; 0 = none. */
  headersTimeout: number;
  /** Longest silence between two pieces of the body; 0 = none. */
  bodyTimeout: number;
}

export interface StreamedResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  /** The body's chunks in order; iterable once. Leaving the loop early cancels the request. */
  body: AsyncIterable<Buffer>;
  /** Stops the request (its connection is closed) unless the whole body has arrived. */
  cancel(): void;
}

/** Buffered and unread beyond this, the connection is paused until the reader catches up. */
const highWaterMark = 64 * 1024;

/** Settles once the response's headers are in (rejects if the request fails before that). */
export function streamedRequest(url: string, options: StreamedRequestOptions): Promise<StreamedResponse> {
  const { signal } = options;
  if (signal.aborted) return Promise.reject(signal.reason);
  const { origin, pathname, search } = new URL(url);
  return new Promise((resolve, reject) => {
    const body = new ArrivingBody(signal, resolve, reject);
    try {
      options.dispatcher.dispatch(
        {
          origin,
          path: pathname + search,
          method: options.method,
          headers: options.headers,
          body: options.body,
          headersTimeout: options.headersTimeout,
          bodyTimeout: options.bodyTimeout,
        },
        body,
      );
    } catch (error) {
      // Options undici refuses outright: the same failure as one it reports later.
      body.fail(error as Error);
    }
  });
}

/** The dispatch handler: hands the response out at its start, then queues its chunks for the reader. */
class ArrivingBody implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private readonly chunks: Buffer[] = [];
  private buffered = 0;
  private waiting: (() => void) | undefined;
  private state: 'headers' | 'body' | 'complete' | 'failed' = 'headers';
  private failure: Error | undefined;
  private iterated = false;
  private readonly onAbort = () => this.controller?.abort(this.signal.reason);

  constructor(
    private readonly signal: AbortSignal,
    private readonly resolve: (response: StreamedResponse) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.signal.aborted) controller.abort(this.signal.reason);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    this.state = 'body';
    this.resolve({
      statusCode,
      headers,
      body: { [Symbol.asyncIterator]: () => this.iterator() },
      cancel: () => this.cancel(),
    });
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered > highWaterMark) controller.pause();
    this.wake();
  }

  onResponseEnd(): void {
    this.settle('complete');
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(error);
  }

  fail(error: Error): void {
    if (this.state === 'headers') this.reject(error);
    this.failure = error;
    this.settle('failed');
  }

  private settle(state: 'complete' | 'failed'): void {
    this.state = state;
    this.signal.removeEventListener('abort', this.onAbort);
    this.wake();
  }

  private cancel(): void {
    if (this.state === 'body') this.controller?.abort(new Error('The response was cancelled.'));
  }

  private iterator(): AsyncIterator<Buffer> {
    if (this.iterated) throw new Error('A response body can be read only once.');
    this.iterated = true;
    return {
      next: async () => {
        while (true) {
          const chunk = this.chunks.shift();
          if (chunk !== undefined) {
            this.buffered -= chunk.length;
            if (this.controller?.paused && this.buffered <= highWaterMark) this.controller.resume();
            return { done: false, value: chunk };
          }
          if (this.state === 'complete') return { done: true, value: undefined };
          if (this.state === 'failed') throw this.failure;
          await new Promise<void>((wake) => {
            this.waiting = wake;
          });
        }
      },
      return: async () => {
        this.cancel();
        return { done: true, value: undefined };
      },
    };
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }
}
