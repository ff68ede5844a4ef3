// The editor's one place for turning failures into notifications.
import * as vscode from 'vscode';
import { isDomainError } from '../core/errors';
import type { Logger } from './logging';

/** Wraps a command handler: a failure becomes one clear notification and a log line, never a silent stop. */
export function guarded<A extends unknown[], R>(
  log: Logger,
  name: string,
  handler: (...args: A) => Promise<R>,
): (...args: A) => Promise<R | undefined> {
  return async (...args: A) => {
    try {
      // The result reaches executeCommand's caller (e.g. the export's folder, for training).
      return await handler(...args);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (isDomainError(error) && error.kind !== 'unavailable') {
        log.warn(`${name}: ${message}`);
      } else {
        log.error(`${name} failed`, error instanceof Error ? error : new Error(message));
      }
      // The database service reports its own failures; do not show them twice.
      if (isDomainError(error) && error.code === 'database_unavailable') return;
      void vscode.window.showErrorMessage(message);
    }
  };
}
