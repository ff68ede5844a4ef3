// `llamune-poc logs …`: browse conversation logs with the same filter the REST API and the Logs tree use.
import type { Command } from 'commander';
import * as z from 'zod';
import { countLogs, listLogs, logGroupBySchema } from '../../core/domain/logQueries';
import { setLogStatus } from '../../core/domain/logs';
import { type CliIo, UsageError, withDatabase } from '../io';
import { formatJson, formatTable } from '../output';
import { parseFlags } from '../parse';

interface ListFlags {
  poc?: string;
  session?: string;
  model?: string;
  user?: string;
  evaluation?: string;
  status?: string;
  priority?: string;
  rated?: boolean;
  unrated?: boolean;
  text?: string;
  from?: string;
  to?: string;
  limit?: string;
  cursor?: string;
  json?: boolean;
  countBy?: string;
}

const EVALUATION_LABEL: Record<number, string> = { 1: 'good', 2: 'insufficient', 3: 'wrong' };
const STATUS_LABEL: Record<number, string> = { 1: 'unprocessed', 2: 'trained', 3: 'verified' };
const PRIORITY_LABEL: Record<number, string> = { 1: 'high', 2: 'medium', 3: 'low' };

function filterOf(flags: ListFlags) {
  if (flags.rated && flags.unrated) throw new UsageError('--rated and --unrated exclude each other');
  return {
    pocId: flags.poc,
    sessionId: flags.session,
    modelId: flags.model,
    userId: flags.user,
    evaluation: flags.evaluation,
    status: flags.status,
    priority: flags.priority,
    rated: flags.rated ? true : flags.unrated ? false : undefined,
    text: flags.text,
    from: flags.from,
    to: flags.to,
    limit: flags.limit,
    cursor: flags.cursor,
  };
}

export function registerLogCommands(program: Command, io: CliIo): void {
  const logs = program.command('logs').description('Browse and triage conversation logs.');

  logs
    .command('list')
    .description('List logs, newest first, one page at a time (keyset paging).')
    .option('--poc <id>', 'only this PoC')
    .option('--session <id>', 'only this session')
    .option('--model <id>', 'only this model version')
    .option('--user <id>', 'only this user')
    .option(
      '--evaluation <codes>',
      'rating(s) a person gave: 1 good, 2 insufficient, 3 wrong, unrated (e.g. 2,3 or 3,unrated)',
    )
    .option('--status <codes>', 'status(es): 1 unprocessed, 2 trained, 3 verified')
    .option('--priority <codes>', 'priority(ies): 1 high, 2 medium, 3 low, none')
    .option('--rated', 'only logs someone has rated')
    .option('--unrated', 'only logs nobody has rated yet')
    .option('--text <text>', 'text in the question, answer or reason')
    .option('--from <time>', 'asked at or after (ISO-8601)')
    .option('--to <time>', 'asked before (ISO-8601)')
    .option('--limit <n>', 'page size, 1–200 (default 50)')
    .option('--cursor <cursor>', 'the next-page cursor printed by the previous page')
    .option(
      '--count-by <group>',
      'print counts per group instead: poc, session, model, evaluation, status, priority, user, day, rated',
    )
    .option('--json', 'print JSON')
    .action(async (flags: ListFlags) => {
      const filter = filterOf(flags);
      if (flags.countBy) {
        const { count_by: groupBy } = parseFlags(z.object({ count_by: logGroupBySchema }), {
          count_by: flags.countBy,
        });
        const counts = await withDatabase(({ db }) => countLogs(db, filter, groupBy));
        io.out(
          flags.json
            ? formatJson(counts)
            : formatTable(
                ['GROUP', 'LABEL', 'COUNT'],
                counts.map((c) => [groupKeyText(groupBy, c.key), c.label, c.count]),
              ),
        );
        return;
      }
      const page = await withDatabase(({ db }) => listLogs(db, filter));
      if (flags.json) {
        io.out(formatJson(page));
        return;
      }
      io.out(
        formatTable(
          ['ID', 'TIME', 'POC', 'MODEL', 'USER', 'RATING', 'PRIORITY', 'STATUS', 'QUESTION'],
          page.items.map((log) => [
            log.id,
            log.timestamp,
            log.poc_name,
            `${log.model_name} v${log.model_version}`,
            log.username,
            log.evaluated_at ? EVALUATION_LABEL[log.evaluation] : 'unrated',
            log.priority ? PRIORITY_LABEL[log.priority] : '',
            STATUS_LABEL[log.status],
            log.question,
          ]),
        ),
      );
      if (page.nextCursor) io.err(`More: add --cursor ${page.nextCursor}`);
    });

  logs
    .command('set-status')
    .description('Set the status of rated logs: 1 unprocessed, 2 trained, 3 verified.')
    .argument('<status>', '1, 2 or 3')
    .argument('<ids...>', 'log ids')
    .action(async (status: string, ids: string[]) => {
      const updated = await withDatabase(({ db }) =>
        setLogStatus(db, { status: Number(status) as 1, ids: ids.map(Number) }),
      );
      io.err(`Updated ${updated.length} log(s).`);
    });
}

/** A group's key as the flags write it: a null evaluation is `unrated`, a null priority `none`. */
function groupKeyText(groupBy: string, key: unknown): string {
  if (key !== null) return String(key);
  return groupBy === 'evaluation' ? 'unrated' : 'none';
}
