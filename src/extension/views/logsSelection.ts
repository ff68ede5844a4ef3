// The logs a command acts on from the Logs view: the selected logs, and every log of a selected PoC or
// group node (newest first), up to a limit — the same for re-tests, A/B tests and review assignments.
import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/schema';
import type { LogFilterInput } from '../../core/domain/logFilter';
import { loadCore } from '../core';
import type { LogsNode } from './logsNodes';

export interface LogsSelection {
  /** Log ids, ascending. */
  ids: number[];
  /** Whether a PoC or group held more logs than the limit (only its newest were taken). */
  truncated: boolean;
}

export async function logIdsOfNodes(
  db: Kysely<Database>,
  nodes: readonly LogsNode[],
  limit: number,
): Promise<LogsSelection> {
  const ids = new Set<number>();
  let truncated = false;
  for (const node of nodes) {
    if (node.kind === 'log') ids.add(node.log.id);
    if (node.kind === 'poc' || node.kind === 'group') {
      const matching = await newestMatching(db, node.filter, limit);
      truncated ||= matching.truncated;
      for (const id of matching.ids) ids.add(id);
    }
  }
  return { ids: [...ids].sort((a, b) => a - b), truncated };
}

async function newestMatching(
  db: Kysely<Database>,
  filter: LogFilterInput,
  limit: number,
): Promise<LogsSelection> {
  const ids: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await loadCore().listLogs(db, { ...filter, limit: 200, ...(cursor && { cursor }) });
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && ids.length < limit);
  return { ids: ids.slice(0, limit), truncated: cursor !== undefined || ids.length > limit };
}
