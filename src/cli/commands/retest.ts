// `llamune-poc retest …`: re-test a version headless — the gate of a new version (every 不十分 / 間違い
// log of a PoC and a sample of its 良い ones) or chosen logs, asked one at a time of the model server
// from the environment (see modelServerEnv.ts), with a progress line; then the summary of what flipped.
// A run stopped half way (Ctrl-C, the server down) is resumed with `retest resume <run>`.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import * as z from 'zod';
import type { Database } from '../../core/db/schema';
import { findUserByName } from '../../core/domain/users';
import { DomainError } from '../../core/errors';
import { createRetestRun, type RetestSummary, retestSummary, runRetest } from '../../core/retest';
import { parseQuestionSet } from '../../core/retest/questionSet';
import { type CliIo, UsageError, withDatabase } from '../io';
import { describeModelServer, modelServerEnvSchema, supervisorFor } from '../modelServerEnv';
import { formatJson, formatTable } from '../output';
import { parseFlags } from '../parse';

const id = (what: string) =>
  z.coerce
    .number({ error: `must be ${what}` })
    .int(`must be ${what}`)
    .min(1, `must be ${what}`);

const startSchema = z.object({
  model: z
    .string()
    .transform((text) => text.split(',').map((part) => Number(part.trim())))
    .pipe(z.array(z.number().int().min(1), { error: 'must be model ids separated by commas' }).min(1)),
  questions: z.string().min(1).optional(),
  poc: id('a PoC id').optional(),
  logs: z
    .string()
    .transform((text) => text.split(',').map((part) => Number(part.trim())))
    .pipe(z.array(z.number().int().min(1), { error: 'must be log ids separated by commas' }))
    .optional(),
  sample: z.coerce.number().int().min(0, 'must be 0 or more').max(10_000).default(20),
  seed: z.coerce.number().int().default(1),
  user: z.string().min(1),
  json: z.boolean().optional(),
});

export function registerRetestCommands(program: Command, io: CliIo): void {
  const retest = program.command('retest').description('Re-test a model version on earlier questions.');

  retest
    .command('start')
    .description(
      'Ask earlier questions again of --model: the gate of a PoC (--poc: every 不十分 / 間違い log and --sample 良い ones) or --logs.',
    )
    .requiredOption('--model <ids>', 'the version(s) to re-test, e.g. 7 or 7,8 (one run each)')
    .option('--poc <id>', 'the re-test gate of this PoC (with --questions: the PoC the answers go to)')
    .option('--logs <ids>', 'these logs, e.g. 12,15,31')
    .option(
      '--questions <file>',
      'a question set: one per line, JSON Lines or CSV (question, expected_answer)',
    )
    .option('--sample <n>', 'with --poc: how many 良い logs to re-ask beside the wrong ones', '20')
    .option('--seed <n>', 'with --poc: the sample’s seed', '1')
    .requiredOption('--user <name>', 'whose sessions the new answers go in')
    .option('--json', 'print the summary as JSON')
    .action(async (flags: unknown) => {
      const values = parseFlags(startSchema, flags);
      const gate = values.poc !== undefined && !values.logs && !values.questions;
      const logs = values.logs !== undefined && values.poc === undefined && !values.questions;
      const questions = values.questions !== undefined && values.poc !== undefined && !values.logs;
      if (!gate && !logs && !questions)
        throw new UsageError(
          'give --poc <id> (the re-test gate), --logs <ids>, or --questions <file> with --poc <id>',
        );
      const set = values.questions ? await readQuestionSet(values.questions, io) : undefined;
      await withDatabase(async ({ db }) => {
        const user = await findUserByName(db, values.user);
        if (!user) throw new DomainError('invalid', `There is no user "${values.user}".`, 'user_not_found');
        for (const model of values.model) {
          const { runId, items, skipped } = await createRetestRun(db, {
            target_model_id: model,
            user_id: user.id,
            source: set
              ? { kind: 'questions', poc_id: values.poc!, questions: set }
              : values.logs
                ? { kind: 'logs', log_ids: values.logs }
                : { kind: 'gate', poc_id: values.poc!, good_sample: values.sample, seed: values.seed },
          });
          for (const log of skipped)
            io.err(
              `Log ${log.logId} is left out: the model of its session (id ${log.missingModelId}) no longer exists.`,
            );
          io.err(`Re-test run ${runId}: ${items} ${items === 1 ? 'question' : 'questions'}.`);
          await runAndReport(db, runId, io, values.json);
        }
      });
    });

  retest
    .command('resume')
    .description('Ask what a paused run has not asked yet.')
    .argument('<run>', 'the run id')
    .option('--json', 'print the summary as JSON')
    .action(async (run: string, flags: { json?: boolean }) => {
      const runId = parseFlags(z.object({ run: id('a run id') }), { run }).run;
      await withDatabase(({ db }) => runAndReport(db, runId, io, flags.json));
    });

  retest
    .command('show')
    .description('The summary of a run: fixed, still wrong, regressed, unrated, per question.')
    .argument('<run>', 'the run id')
    .option('--json', 'print JSON')
    .action(async (run: string, flags: { json?: boolean }) => {
      const runId = parseFlags(z.object({ run: id('a run id') }), { run }).run;
      const summary = await withDatabase(({ db }) => retestSummary(db, runId));
      printSummary(io, summary, flags.json);
    });
}

/** The file's questions; its broken lines are said by number and left out. */
async function readQuestionSet(path: string, io: CliIo) {
  const text = await readFile(path, 'utf8').catch((error: Error) => {
    throw new DomainError('invalid', `The question file cannot be read: ${error.message}`, 'file_unreadable');
  });
  const { questions, problems } = parseQuestionSet(text, path);
  for (const problem of problems) io.err(`${path}:${problem.line}: skipped, ${problem.message}`);
  if (questions.length === 0)
    throw new DomainError('invalid', `${path} holds no usable question.`, 'retest_empty');
  return questions.map(({ question, expected_answer }) => ({ question, expected_answer }));
}

async function runAndReport(db: Kysely<Database>, runId: number, io: CliIo, json?: boolean): Promise<void> {
  const env = parseFlags(modelServerEnvSchema, process.env);
  const { createModelAsker } = await import('../../core/api/modelAsker');
  const supervisor = await supervisorFor(env, io);
  const config = { baseUrl: env.LLAMUNE_LLM_BASE_URL, provider: env.LLAMUNE_LLM_PROVIDER, supervisor };
  io.err(`Model server: ${describeModelServer(config, env)}.`);
  void supervisor?.start();
  // Ctrl-C pauses after the question being asked; `retest resume` goes on from there.
  const pause = new AbortController();
  const onSignal = () => pause.abort();
  process.once('SIGINT', onSignal);
  try {
    const outcome = await runRetest(db, createModelAsker(config), runId, {
      signal: pause.signal,
      onItem: (p) =>
        io.err(`[${p.answered}/${p.total}]${p.error ? ` item ${p.position + 1}: ${p.error}` : ''}`),
    });
    printSummary(io, await retestSummary(db, runId), json);
    if (outcome.status === 'paused')
      throw new DomainError(
        'unavailable',
        `Paused: ${outcome.reason} Resume with: llamune-poc retest resume ${runId}`,
        'retest_paused',
      );
  } finally {
    process.off('SIGINT', onSignal);
    await supervisor?.stop();
  }
}

function printSummary(io: CliIo, summary: RetestSummary, json?: boolean): void {
  if (json) {
    io.out(formatJson(summary));
    return;
  }
  const c = summary.counts;
  io.err(
    `${summary.run.title} (${summary.run.status}): fixed ${c.fixed}, still wrong ${c.still_wrong}, regressed ${c.regressed}, still good ${c.still_good}, unrated ${c.unrated}, not asked ${c.not_asked}`,
  );
  io.out(
    formatTable(
      ['#', 'SOURCE LOG', 'BEFORE', 'NEW LOG', 'AFTER', 'FLIP', 'HINT', 'QUESTION'],
      summary.items.map((item) => [
        item.position + 1,
        item.sourceLogId,
        rating(item.before?.evaluation),
        item.after?.logId,
        rating(item.after?.evaluation),
        item.flip,
        item.similarity === null ? null : `${Math.round(item.similarity * 100)}%`,
        item.question,
      ]),
    ),
  );
}

const rating = (evaluation: 1 | 2 | 3 | null | undefined) =>
  evaluation === undefined
    ? null
    : evaluation === null
      ? 'unrated'
      : ['good', 'insufficient', 'wrong'][evaluation - 1];
