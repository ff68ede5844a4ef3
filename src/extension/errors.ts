// The editor's one place for turning failures into notifications.
import * as vscode from 'vscode';
import { isDomainError } from '../core/errors';
import type { Logger } from './logging';

/** Wraps a command handler: a failure becomes one clear notification and a log line, never a silent stop. */
export function guarded<A extends unknown[]>(
  log: Logger,
  name: string,
  handler: (...args: A) => Promise<unknown>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await handler(...args);
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
