// prepareExport in a worker thread with a capped heap (exportWorker.ts): the same export, its memory
// bounded and its CPU off the caller's event loop. Progress, cancel and errors behave as in-process.
import { Worker } from 'node:worker_threads';
import type { ConnectionParams } from '../db/pgPool';
import { DomainError, ERROR_KINDS, type ErrorKind } from '../errors';
import { IntList } from './intList';
import type { PreparedExport, PrepareOptions } from './prepare';
import type { ExportRequestInput } from './request';
import { removeStaging } from './staging';
import type { FromExportWorker, SerializedError, ToExportWorker } from './workerProtocol';

/** The live set of a million-log export fits in 128 MB (bench:export); V8 left alone grows to twice that. */
export const EXPORT_HEAP_MB = 128;

export interface WorkerPrepareOptions extends PrepareOptions {
  /** The built worker script: dist/exportWorker.js beside the caller's bundle. */
  workerScript: string;
  /** The worker's old-generation heap limit; undefined leaves it to V8. */
  heapMb?: number;
}

export async function prepareExportInWorker(
  connection: ConnectionParams,
  input: ExportRequestInput,
  options: WorkerPrepareOptions,
): Promise<PreparedExport> {
  const heapMb = 'heapMb' in options ? options.heapMb : EXPORT_HEAP_MB;
  try {
    return await runWorker(connection, input, options, heapMb);
  } catch (error) {
    // An export larger than the budget (e.g. a huge skipped list) still completes: once more, unbounded.
    if (heapMb === undefined || (error as { code?: unknown }).code !== 'ERR_WORKER_OUT_OF_MEMORY')
      throw error;
    return runWorker(connection, input, options, undefined);
  }
}

function runWorker(
  connection: ConnectionParams,
  input: ExportRequestInput,
  options: WorkerPrepareOptions,
  heapMb: number | undefined,
): Promise<PreparedExport> {
  const { signal } = options;
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const worker = new Worker(options.workerScript, {
      workerData: { connection, input, folder: options.folder, overwrite: options.overwrite ?? false },
      resourceLimits: heapMb === undefined ? undefined : { maxOldGenerationSizeMb: heapMb },
    });
    let staging: string | undefined;
    let result: PreparedExport | undefined;
    let failure: unknown;
    const cancel = () => worker.postMessage({ type: 'cancel' } satisfies ToExportWorker);
    signal?.addEventListener('abort', cancel, { once: true });
    worker.on('message', (message: FromExportWorker) => {
      switch (message.type) {
        case 'progress':
          options.onProgress?.(message.done, message.total);
          break;
        case 'staging':
          staging = message.path;
          options.onStaging?.(message.path);
          break;
        case 'done':
          result = revive(message.prepared);
          break;
        case 'error':
          failure = signal?.aborted ? signal.reason : deserialize(message.error);
          break;
      }
    });
    // A crash (out of memory, a bug) arrives here instead of as a message.
    worker.on('error', (error) => {
      failure ??= error;
    });
    worker.on('exit', (code) => {
      signal?.removeEventListener('abort', cancel);
      // A cancel that reached the worker after its last check still cancels: the result is dropped.
      if (result && !signal?.aborted) return resolve(result);
      const error = signal?.aborted
        ? signal.reason
        : (failure ?? new Error(`The export's worker stopped (exit code ${code}) without a result.`));
      // The worker removes its staging folder on an error it catches, not when it dies or finishes.
      void (staging ? removeStaging(staging) : Promise.resolve()).finally(() => reject(error));
    });
  });
}

function revive(prepared: Extract<FromExportWorker, { type: 'done' }>['prepared']): PreparedExport {
  const { ids, splits, fingerprints, pocIds } = prepared.exported;
  return {
    ...prepared,
    exported: {
      ids: IntList.over(ids),
      splits: IntList.over(splits),
      fingerprints: IntList.over(fingerprints),
      pocIds: IntList.over(pocIds),
    },
  };
}

/** A DomainError stays a DomainError (its kind decides the message each surface shows). */
function deserialize(serialized: SerializedError): Error {
  const error =
    serialized.name === 'DomainError' &&
    serialized.kind &&
    (ERROR_KINDS as readonly string[]).includes(serialized.kind)
      ? new DomainError(serialized.kind as ErrorKind, serialized.message, serialized.code)
      : Object.assign(new Error(serialized.message), { name: serialized.name, code: serialized.code });
  if (serialized.stack) error.stack = serialized.stack;
  return error;
}
