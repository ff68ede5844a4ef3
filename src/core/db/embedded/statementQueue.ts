// The order in which PGlite's socket server runs its connections' messages. PGlite is one backend:
// pglite-socket queues every protocol message and runs them one at a time, keeping an explicit
// transaction's connection first. But a statement of the extended protocol is several messages
// (Parse, Bind, Describe, Execute, then Sync) and pglite-socket 0.2 lets other connections' messages
// in between: one connection's Bind then finds another's statement — "portal "" does not exist", or
// worse, the wrong statement with its parameters (seen: concurrent transactions and statements).
// Here a connection keeps the backend from its first message to its Sync (or a simple Query), and for
// the whole of an explicit transaction. Same interface as pglite-socket's QueryQueueManager, which
// the server hands to every connection's handler.
import type { PGlite } from '@electric-sql/pglite';

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData(data: Uint8Array): void;
  resolve(bytes: number): void;
  reject(error: unknown): void;
}

// First byte of a frontend message. A startup packet begins with its length's high byte (0).
const STARTUP = 0x00;
const SIMPLE_QUERY = 0x51; // 'Q'
const SYNC = 0x53; // 'S'
const TERMINATE = 0x58; // 'X'
const SYNC_MESSAGE = new Uint8Array([SYNC, 0, 0, 0, 4]);

/** Whether the backend is free for another connection after this message (outside a transaction). */
const endsStatement = (message: Uint8Array) =>
  message[0] === SYNC || message[0] === SIMPLE_QUERY || message[0] === STARTUP || message[0] === TERMINATE;

export class StatementQueue {
  private queue: QueuedMessage[] = [];
  private running = false;
  /** The connection whose statement or transaction is in progress; null: any may go next. */
  private owner: number | null = null;
  /** Connections that went away since the backend was last released. */
  private readonly gone = new Set<number>();

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.run();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  /** A connection went away: its queued messages fail. */
  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((item) => {
      if (item.handlerId !== handlerId) return true;
      item.reject(new Error('Handler disconnected'));
      return false;
    });
  }

  /** …and whatever it left open ends, as a real server's backend would: its transaction rolls back. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    this.gone.add(handlerId);
    // A message of its may be running: then run() ends what it left once that message is done.
    if (this.running) return;
    await this.releaseGone();
    void this.run();
  }

  /** Ends the statement or transaction of an owner whose connection is gone; frees the backend. */
  private async releaseGone(): Promise<void> {
    const owner = this.owner;
    if (owner !== null && this.gone.has(owner)) {
      // exec() takes PGlite's lock itself; the raw protocol call does not.
      if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
      else await this.db.runExclusive(() => this.db.execProtocolRaw(SYNC_MESSAGE));
      this.owner = null;
    }
    // Nothing of theirs runs or waits now: they matter no more.
    this.gone.clear();
  }

  private next(): QueuedMessage | undefined {
    const index = this.owner === null ? 0 : this.queue.findIndex((item) => item.handlerId === this.owner);
    // The owner's next message has not arrived yet: the others wait for it.
    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          this.owner = null;
          item.reject(error);
          continue;
        }
        this.owner = endsStatement(item.message) && !this.db.isInTransaction() ? null : item.handlerId;
        item.resolve(bytes);
        if (this.gone.size > 0) await this.releaseGone();
      }
    } finally {
      this.running = false;
    }
  }
}

/** Puts a StatementQueue in a PGLiteSocketServer before it starts (its handlers take the server's). */
export function useStatementQueue(server: object, db: PGlite): void {
  (server as { queryQueue: unknown }).queryQueue = new StatementQueue(db);
}
