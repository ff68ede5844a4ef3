// The export's worker thread (built as dist/exportWorker.js): prepareExport on a connection of its own,
// with its own heap limit, so a million-log export neither grows the caller's heap (the extension host is
// shared with every other extension) nor blocks its event loop for a minute.
import { parentPort, workerData } from 'node:worker_threads';
import { Kysely, PostgresDialect } from 'kysely';
import { createPool } from '../db/pgPool';
import type { Database } from '../db/schema';
import { type PreparedExport, prepareExport } from './prepare';
import type {
  ExportedLists,
  ExportWorkerData,
  FromExportWorker,
  SerializedError,
  ToExportWorker,
} from './workerProtocol';

const port = parentPort;
if (!port) throw new Error('exportWorker.js runs as a worker thread (see prepareExportInWorker).');
const post = (message: FromExportWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function main(data: ExportWorkerData): Promise<void> {
  const controller = new AbortController();
  port?.on('message', (message: ToExportWorker) => {
    if (message.type === 'cancel') controller.abort();
  });
  // Two connections: the first batch is read beside the dedupe query (see query.ts).
  const pool = createPool({ ...data.connection, max: 2, applicationName: 'llamune-poc export' });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let outcome: FromExportWorker;
  let transfer: ArrayBuffer[] = [];
  try {
    const prepared = await prepareExport(db, data.input, {
      folder: data.folder,
      overwrite: data.overwrite,
      signal: controller.signal,
      onProgress: (done, total) => post({ type: 'progress', done, total }),
      onStaging: (path) => post({ type: 'staging', path }),
    });
    const exported = listsOf(prepared.exported);
    transfer = Object.values(exported).map((list) => list.buffer as ArrayBuffer);
    outcome = { type: 'done', prepared: { ...prepared, exported } };
  } catch (error) {
    outcome = { type: 'error', error: serialize(error) };
  } finally {
    await db.destroy().catch(() => {});
  }
  post(outcome, transfer);
  port?.close();
}

/** Each list as a tight copy of its values, whose memory moves to the caller instead of being copied. */
function listsOf(exported: PreparedExport['exported']): ExportedLists {
  return {
    ids: exported.ids.view().slice(),
    splits: exported.splits.view().slice(),
    fingerprints: exported.fingerprints.view().slice(),
    pocIds: exported.pocIds.view().slice(),
  };
}

function serialize(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { kind, code } = error as { kind?: unknown; code?: unknown };
  return {
    name: error.name,
    message: error.message,
    kind: typeof kind === 'string' ? kind : undefined,
    code: typeof code === 'string' ? code : undefined,
    stack: error.stack,
  };
}

void main(workerData as ExportWorkerData);
