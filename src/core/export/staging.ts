// The files of an export, written as streams into a staging folder beside the destination (never into
// the destination itself), each hashed as it is written and re-read before anyone is told it is done.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { DomainError } from '../errors';

/** A file being written: lines counted, content hashed, the first lines kept for the preview. */
export class FileSink {
  private readonly stream: WriteStream;
  private readonly hash = createHash('sha256');
  private failure: Error | undefined;
  lines = 0;
  readonly logIds: number[] = [];
  readonly samples: string[] = [];
  private pending: string[] = [];

  constructor(
    readonly name: string,
    path: string,
    readonly kind: 'sft' | 'dpo' | 'csv',
  ) {
    this.stream = createWriteStream(path, { flags: 'wx' });
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }

  /** Queues one record (a line of a log, or a header without one); `flush` writes what is queued. */
  add(text: string, logId?: number): void {
    this.pending.push(text);
    if (logId !== undefined) {
      this.lines += 1;
      this.logIds.push(logId);
      if (this.samples.length < 3) this.samples.push(text.trimEnd());
    }
  }

  /** Writes the queued records at once; waits while the disk is behind, so memory stays flat. */
  async flush(): Promise<void> {
    if (this.failure) throw diskError(this.failure);
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.hash.update(text);
    if (!this.stream.write(text)) {
      await new Promise<void>((resolve, reject) => {
        const onError = (error: Error) => reject(diskError(error));
        this.stream.once('drain', () => {
          this.stream.off('error', onError);
          resolve();
        });
        this.stream.once('error', onError);
      });
    }
  }

  async close(): Promise<string> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.end((error?: Error | null) => (error ? reject(diskError(error)) : resolve()));
    });
    if (this.failure) throw diskError(this.failure);
    return this.hash.digest('hex');
  }

  destroy(): void {
    this.stream.destroy();
  }
}

/** A write error as a person reads it: a full disk or a folder we may not write to. */
export function diskError(error: unknown): DomainError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ENOSPC')
    return new DomainError('unavailable', `The disk is full: ${message}. Nothing was written.`, 'disk_full');
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new DomainError('invalid', `The folder cannot be written to: ${message}`, 'folder_unwritable');
  return new DomainError('unavailable', `Writing the export failed: ${message}`, 'export_write_failed');
}

/** A new, empty staging folder next to `folder` (same file system, so moving it in is a rename). */
export async function createStaging(folder: string): Promise<string> {
  const parent = dirname(folder);
  const staging = join(parent, `.${basename(folder)}.llamune-export-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(parent, { recursive: true });
    await mkdir(staging);
  } catch (error) {
    throw diskError(error);
  }
  return staging;
}

export async function removeStaging(staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true });
}

const isText = (value: unknown) => typeof value === 'string';

/** What each format's line must hold (checked by hand: zod per line would dominate a million lines). */
const lineProblems = {
  sft(line: Record<string, unknown>): string | undefined {
    const messages = line.messages;
    if (!Array.isArray(messages) || messages.length < 2) return 'a "messages" list of at least two turns';
    const roles = messages.map((m) => (m as { role?: unknown }).role);
    if (!messages.every((m) => isText((m as { content?: unknown }).content)))
      return 'text in every "content"';
    if (roles.at(-2) !== 'user' || roles.at(-1) !== 'assistant')
      return 'a user turn, then the assistant turn';
    return undefined;
  },
  dpo(line: Record<string, unknown>): string | undefined {
    for (const key of ['prompt', 'chosen', 'rejected']) if (!isText(line[key])) return `a "${key}" text`;
    if (line.system !== undefined && !isText(line.system)) return 'a "system" text when there is one';
    return undefined;
  },
};

/** Re-reads a written JSONL file: every line parses and has the keys its format needs. */
export async function validateJsonl(path: string, kind: 'sft' | 'dpo', expectedLines: number): Promise<void> {
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let count = 0;
  for await (const line of lines) {
    count += 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new DomainError(
        'unavailable',
        `${basename(path)} line ${count} is not JSON.`,
        'export_invalid_file',
      );
    }
    const problem =
      typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? lineProblems[kind](parsed as Record<string, unknown>)
        : 'a JSON object';
    if (problem)
      throw new DomainError(
        'unavailable',
        `${basename(path)} line ${count} lacks what ${kind} needs: ${problem}.`,
        'export_invalid_file',
      );
  }
  if (count !== expectedLines)
    throw new DomainError(
      'unavailable',
      `${basename(path)} holds ${count} lines, ${expectedLines} were written.`,
      'export_invalid_file',
    );
}
