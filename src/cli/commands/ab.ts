// `llamune-poc ab …`: blind A/B tests headless. `start` asks both models every question (the model
// server from the environment, see modelServerEnv.ts; one at a time), `show` prints a voter's sheet —
// answers as A and B, the models named only where that voter has voted — `vote` records a vote and
// prints the reveal, `stats` the win rate per pair of models. Ctrl-C pauses; `ab resume` goes on.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import * as z from 'zod';
import {
  type AbItemView,
  type AbPairWinRate,
  type AbReveal,
  abItems,
  abRunView,
  abWinRates,
  createAbRun,
  runAbTest,
  voteAb,
} from '../../core/abtest';
import type { Database } from '../../core/db/schema';
import { findUserByName } from '../../core/domain/users';
import { DomainError } from '../../core/errors';
import { parseQuestionSet } from '../../core/retest/questionSet';
import { type CliIo, UsageError, withDatabase } from '../io';
import { describeModelServer, modelServerEnvSchema, supervisorFor } from '../modelServerEnv';
import { formatJson } from '../output';
import { parseFlags } from '../parse';

const id = (what: string) =>
  z.coerce
    .number({ error: `must be ${what}` })
    .int(`must be ${what}`)
    .min(1, `must be ${what}`);

const idList = (what: string) =>
  z
    .string()
    .transform((text) => text.split(',').map((part) => Number(part.trim())))
    .pipe(z.array(z.number().int().min(1), { error: `must be ${what} separated by commas` }));

const startSchema = z.object({
  poc: id('a PoC id').optional(),
  models: idList('two model ids').pipe(
    z
      .array(z.number())
      .length(2, 'must be two model ids, e.g. 7,8')
      .refine(([a, b]) => a !== b, 'must be two different models'),
  ),
  questions: z.string().min(1).optional(),
  logs: idList('log ids').optional(),
  sample: z.coerce.number().int('must be a whole number').min(1, 'must be 1 or more').max(10_000).optional(),
  user: z.string().min(1),
  json: z.boolean().optional(),
});

const voteSchema = z.object({
  run: id('a run id'),
  item: id('an item number (1 for the first)'),
  choice: z.enum(['A', 'B', 'tie'], { error: 'must be A, B or tie' }),
  reason: z.string().optional(),
  user: z.string().min(1),
  json: z.boolean().optional(),
});

async function userId(db: Kysely<Database>, name: string): Promise<number> {
  const user = await findUserByName(db, name);
  if (!user) throw new DomainError('invalid', `There is no user "${name}".`, 'user_not_found');
  return user.id;
}

export function registerAbCommands(program: Command, io: CliIo): void {
  const ab = program.command('ab').description('Compare two models blind: A/B votes and win rates.');

  ab.command('start')
    .description(
      'Ask two models the same questions (--logs, --sample N of a PoC’s questions, or a --questions file) for a blind A/B vote.',
    )
    .requiredOption('--models <ids>', 'the two models / versions, e.g. 7,8')
    .option('--poc <id>', 'the PoC (needed with --questions and --sample)')
    .option('--logs <ids>', 'the questions of these logs, e.g. 12,15,31')
    .option('--sample <n>', 'n of the PoC’s questions at random')
    .option('--questions <file>', 'a question set: one per line, JSON Lines or CSV (a question column)')
    .requiredOption('--user <name>', 'whose sessions the answers go in')
    .option('--json', 'print the run as JSON')
    .action(async (flags: unknown) => {
      const values = parseFlags(startSchema, flags);
      const given = [values.logs, values.sample, values.questions].filter((v) => v !== undefined);
      if (given.length !== 1 || (values.logs === undefined && values.poc === undefined))
        throw new UsageError(
          'give one of --logs <ids>, --sample <n> with --poc <id>, or --questions <file> with --poc <id>',
        );
      const questions = values.questions ? await readQuestions(values.questions, io) : undefined;
      await withDatabase(async ({ db }) => {
        const { runId, items } = await createAbRun(db, {
          model_ids: [values.models[0]!, values.models[1]!],
          user_id: await userId(db, values.user),
          source: questions
            ? { kind: 'questions', poc_id: values.poc!, questions }
            : values.logs
              ? { kind: 'logs', log_ids: values.logs, poc_id: values.poc }
              : { kind: 'sample', poc_id: values.poc!, size: values.sample! },
        });
        io.err(`A/B run ${runId}: ${items} ${items === 1 ? 'question' : 'questions'}, two answers each.`);
        await runAndReport(db, runId, io, values.json);
      });
    });

  ab.command('resume')
    .description('Ask what a paused A/B run has not asked yet.')
    .argument('<run>', 'the run id')
    .option('--json', 'print the run as JSON')
    .action(async (run: string, flags: { json?: boolean }) => {
      const runId = parseFlags(z.object({ run: id('a run id') }), { run }).run;
      await withDatabase(({ db }) => runAndReport(db, runId, io, flags.json));
    });

  ab.command('show')
    .description(
      'A run’s questions with answers A and B, and its win rate; with --user, the models of the items that user voted on.',
    )
    .argument('<run>', 'the run id')
    .option('--user <name>', 'the voter whose votes (and reveals) to show')
    .option('--json', 'print JSON')
    .action(async (run: string, flags: { user?: string; json?: boolean }) => {
      const runId = parseFlags(z.object({ run: id('a run id') }), { run }).run;
      await withDatabase(async ({ db }) => {
        const voterId = flags.user === undefined ? undefined : await userId(db, flags.user);
        await printRun(db, runId, io, { voterId, json: flags.json });
      });
    });

  ab.command('vote')
    .description('Vote on one item: A, B or tie; prints which model was A and which B.')
    .argument('<run>', 'the run id')
    .argument('<item>', 'the item number (1 for the first)')
    .argument('<choice>', 'A, B or tie')
    .option('--reason <text>', 'why')
    .requiredOption('--user <name>', 'who votes (one vote per item)')
    .option('--json', 'print the vote and the reveal as JSON')
    .action(async (run: string, item: string, choice: string, flags: Record<string, unknown>) => {
      const values = parseFlags(voteSchema, { ...flags, run, item, choice });
      await withDatabase(async ({ db }) => {
        const vote = await voteAb(db, {
          run_id: values.run,
          position: values.item - 1,
          user_id: await userId(db, values.user),
          choice: values.choice,
          reason: values.reason,
        });
        if (values.json) io.out(formatJson(vote));
        else
          io.out(
            `Item ${values.item}: you chose ${describeChoice(vote.choice, vote.reveal)}. ${revealText(vote.reveal)}`,
          );
      });
    });

  ab.command('stats')
    .description('Win rates per pair of models over every A/B vote of a PoC (or of one --run).')
    .option('--poc <id>', 'the PoC')
    .option('--run <id>', 'one run only')
    .option('--json', 'print JSON')
    .action(async (flags: unknown) => {
      const values = parseFlags(
        z.object({
          poc: id('a PoC id').optional(),
          run: id('a run id').optional(),
          json: z.boolean().optional(),
        }),
        flags,
      );
      if ((values.poc === undefined) === (values.run === undefined))
        throw new UsageError('give --poc <id> or --run <id>');
      const rates = await withDatabase(({ db }) =>
        abWinRates(db, values.run !== undefined ? { runId: values.run } : { pocId: values.poc! }),
      );
      if (values.json) io.out(formatJson(rates));
      else io.out(rates.length === 0 ? 'No vote yet.' : rates.map(winRateText).join('\n'));
    });
}

/** The file's questions; its broken lines are said by number and left out. */
async function readQuestions(path: string, io: CliIo) {
  const text = await readFile(path, 'utf8').catch((error: Error) => {
    throw new DomainError('invalid', `The question file cannot be read: ${error.message}`, 'file_unreadable');
  });
  const { questions, problems } = parseQuestionSet(text, path);
  for (const problem of problems) io.err(`${path}:${problem.line}: skipped, ${problem.message}`);
  if (questions.length === 0)
    throw new DomainError('invalid', `${path} holds no usable question.`, 'ab_empty');
  return questions.map(({ question }) => ({ question }));
}

async function runAndReport(db: Kysely<Database>, runId: number, io: CliIo, json?: boolean): Promise<void> {
  const env = parseFlags(modelServerEnvSchema, process.env);
  const { createModelAsker } = await import('../../core/api/modelAsker');
  const supervisor = await supervisorFor(env, io);
  const config = { baseUrl: env.LLAMUNE_LLM_BASE_URL, provider: env.LLAMUNE_LLM_PROVIDER, supervisor };
  io.err(`Model server: ${describeModelServer(config, env)}.`);
  void supervisor?.start();
  // Ctrl-C pauses after the answer being asked; `ab resume` goes on from there.
  const pause = new AbortController();
  const onSignal = () => pause.abort();
  process.once('SIGINT', onSignal);
  try {
    const outcome = await runAbTest(db, createModelAsker(config), runId, {
      signal: pause.signal,
      onProgress: (p) => io.err(`[${p.answered}/${p.total}]${p.error ? ` item ${p.error}` : ''}`),
    });
    await printRun(db, runId, io, { json });
    if (outcome.status === 'paused')
      throw new DomainError(
        'unavailable',
        `Paused: ${outcome.reason} Resume with: llamune-poc ab resume ${runId}`,
        'ab_paused',
      );
  } finally {
    process.off('SIGINT', onSignal);
    await supervisor?.stop();
  }
}

async function printRun(
  db: Kysely<Database>,
  runId: number,
  io: CliIo,
  options: { voterId?: number; json?: boolean },
): Promise<void> {
  const run = await abRunView(db, runId, options.voterId);
  const items = await abItems(db, runId, { voterId: options.voterId });
  const rates = await abWinRates(db, { runId });
  if (options.json) {
    io.out(formatJson({ run, win_rates: rates, items }));
    return;
  }
  io.err(
    `${run.title} (${run.status}${run.paused_reason ? `: ${run.paused_reason}` : ''}): ${run.answered} of ${run.items} answered by both${options.voterId === undefined ? '' : `, ${run.voted} voted on`}.`,
  );
  io.err(rates.length === 0 ? 'No vote yet.' : rates.map(winRateText).join('\n'));
  io.out(items.map(itemText).join('\n\n'));
}

function itemText(item: AbItemView): string {
  const lines = [`#${item.position + 1} ${item.question}`];
  if (item.answers) lines.push(`  A: ${indent(item.answers.a)}`, `  B: ${indent(item.answers.b)}`);
  else lines.push(item.error ? `  Not asked: ${item.error}` : '  Not answered yet.');
  if (item.vote)
    lines.push(
      `  Your vote: ${describeChoice(item.vote.choice, item.vote.reveal)}${item.vote.reason ? ` (${item.vote.reason})` : ''}. ${revealText(item.vote.reveal)}`,
    );
  return lines.join('\n');
}

const indent = (text: string) => text.replace(/\n/g, '\n     ');

const describeChoice = (choice: 'A' | 'B' | 'tie', reveal: AbReveal) =>
  choice === 'tie' ? 'a tie' : `${choice} (${reveal.winner?.label})`;

const revealText = (reveal: AbReveal) => `A was ${reveal.a.label}, B was ${reveal.b.label}.`;

const percent = (share: number) => `${Math.round(share * 100)}%`;

function winRateText(rate: AbPairWinRate): string {
  const figures = `${rate.wins} ${rate.wins === 1 ? 'win' : 'wins'}, ${rate.losses} ${rate.losses === 1 ? 'loss' : 'losses'}, ${rate.ties} ${rate.ties === 1 ? 'tie' : 'ties'} (${rate.count} ${rate.count === 1 ? 'vote' : 'votes'})`;
  const share =
    rate.win_rate === null || rate.interval === null
      ? 'no decided vote yet'
      : `win rate ${percent(rate.win_rate)}, 95% interval ${percent(rate.interval.low)}–${percent(rate.interval.high)}`;
  return `${rate.model.label} vs ${rate.opponent.label}: ${figures}; ${share}`;
}
