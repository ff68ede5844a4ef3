// What crosses between prepareExportInWorker (the caller's thread) and exportWorker.ts (the worker):
// structured-clone data only, so errors travel as their fields and the id lists as typed arrays.
import type { ConnectionParams } from '../db/pgPool';
import type { PreparedExport } from './prepare';
import type { ExportRequestInput } from './request';

export interface ExportWorkerData {
  connection: ConnectionParams;
  input: ExportRequestInput;
  folder: string;
  overwrite: boolean;
}

export interface SerializedError {
  name: string;
  message: string;
  kind?: string;
  code?: string;
  stack?: string;
}

export type ExportedLists = { [K in keyof PreparedExport['exported']]: Int32Array };

export type FromExportWorker =
  | { type: 'progress'; done: number; total: number }
  | { type: 'staging'; path: string }
  | { type: 'done'; prepared: Omit<PreparedExport, 'exported'> & { exported: ExportedLists } }
  | { type: 'error'; error: SerializedError };

export type ToExportWorker = { type: 'cancel' };
