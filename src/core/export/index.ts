// Training-data export (SPEC §7): prepare (files staged and validated, a preview), then commit (moved
// into place, recorded, optionally marked trained) or discard.
export { type CommitOptions, type CommittedExport, commitExport, discardExport } from './commit';
export { EXPORT_HEAP_MB, prepareExportInWorker, type WorkerPrepareOptions } from './inWorker';
export type { Conflict, SkippedLog, SkipReason } from './plan';
export { type ExportPreview, type PreparedExport, type PrepareOptions, prepareExport } from './prepare';
export {
  type ExportFormat,
  type ExportRequest,
  type ExportRequestInput,
  exportFormatSchema,
  exportRequestSchema,
} from './request';
