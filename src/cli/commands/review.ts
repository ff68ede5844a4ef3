// `llamune-poc review …`: reviewers together, headless — a lead assigns logs to reviewers, each reviewer
// works through their queue (blind) and submits, the lead settles the disagreements, and anyone reads
// the agreement figures and a PoC's guidelines. People are named with --user / --lead / --reviewers.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import * as z from 'zod';
import type { Database, User } from '../../core/db/schema';
import { findUserByName, usernameSchema } from '../../core/domain/users';
import { DomainError } from '../../core/errors';
import {
  assignReviews,
  getGuidelines,
  listDisagreements,
  resolveDisagreement,
  reviewQueue,
  reviewStats,
  saveGuidelines,
  submitReview,
  type VerdictInput,
} from '../../core/review';
import { type CliIo, UsageError, withDatabase } from '../io';
import { formatJson, formatTable } from '../output';
import { parseFlags } from '../parse';
import { printDisagreements, printStats, rating } from './reviewOutput';

const id = (what: string) =>
  z.coerce
    .number({ error: `must be ${what}` })
    .int(`must be ${what}`)
    .min(1, `must be ${what}`);
const split = (text: string) => text.split(',').map((part) => part.trim());
const numbers = (text: string) => split(text).map((part) => (part === '' ? Number.NaN : Number(part)));
const code = (what: string) =>
  z.coerce
    .number()
    .pipe(z.union([z.literal(1), z.literal(2), z.literal(3)], { error: `must be 1, 2 or 3 (${what})` }));

const assignSchema = z.object({
  logs: z
    .string()
    .transform(numbers)
    .pipe(z.array(z.number().int().min(1), { error: 'must be log ids separated by commas' }).min(1))
    .optional(),
  poc: id('a PoC id').optional(),
  evaluation: z
    .string()
    .transform(numbers)
    .pipe(
      z
        .array(
          z.union([z.literal(1), z.literal(2), z.literal(3)], {
            error: 'must be ratings 1, 2, 3 separated by commas',
          }),
        )
        .min(1),
    )
    .optional(),
  reviewers: z.string().transform(split).pipe(z.array(usernameSchema).min(1)),
  required: z.coerce
    .number({ error: 'must be 1 to 3' })
    .int('must be 1 to 3')
    .min(1, 'must be 1 to 3')
    .max(3, 'must be 1 to 3'),
  lead: z.string().min(1),
});

const verdictFlags = {
  evaluation: code('1 good, 2 insufficient, 3 wrong'),
  reason: z.string().optional(),
  correction: z.string().optional(),
  priority: code('1 high, 2 medium, 3 low').optional(),
};
const submitSchema = z.object({ log: id('a log id'), user: z.string().min(1), ...verdictFlags });
const resolveSchema = z.object({
  log: id('a log id'),
  user: z.string().min(1),
  pick: z.string().min(1).optional(),
  ...verdictFlags,
  evaluation: verdictFlags.evaluation.optional(),
});

export function registerReviewCommands(program: Command, io: CliIo): void {
  const review = program.command('review').description('Reviewers together: assign, review, settle, agree.');

  review
    .command('assign')
    .description('Hand logs to reviewers, each log needing --required independent reviews (1–3).')
    .option('--logs <ids>', 'these logs, e.g. 12,15,31')
    .option('--poc <id>', 'every log of this PoC not yet under review')
    .option('--evaluation <codes>', 'with --poc: only logs rated so, e.g. 2,3')
    .requiredOption('--reviewers <names>', 'the reviewers, e.g. alice,bob')
    .requiredOption('--required <n>', 'reviews each log needs (1–3, at most the number of reviewers)')
    .requiredOption('--lead <name>', 'who settles their disagreements')
    .action(async (flags: unknown) => {
      const values = parseFlags(assignSchema, flags);
      if ((values.logs === undefined) === (values.poc === undefined))
        throw new UsageError('give either --logs <ids> or --poc <id>');
      if (values.evaluation && values.logs) throw new UsageError('--evaluation goes with --poc, not --logs');
      const assigned = await withDatabase(({ db }) =>
        assignReviews(db, {
          selection: values.logs
            ? { kind: 'logs', log_ids: values.logs }
            : { kind: 'filter', poc_id: values.poc!, evaluations: values.evaluation },
          reviewers: values.reviewers,
          required_reviews: values.required,
          lead: values.lead,
        }),
      );
      const n = assigned.logIds.length;
      io.err(
        `Assigned ${n} ${n === 1 ? 'log' : 'logs'} to ${assigned.reviewers.join(', ')}: ${assigned.requiredReviews} ${assigned.requiredReviews === 1 ? 'review' : 'reviews'} each, lead ${assigned.lead}.`,
      );
      io.out(assigned.logIds.join(','));
    });

  review
    .command('queue')
    .description("A reviewer's queue: assigned, not reviewed yet, oldest first (without anyone's verdict).")
    .requiredOption('--user <name>', 'the reviewer')
    .option('--poc <id>', 'only this PoC')
    .option('--json', 'print JSON')
    .action(async (flags: unknown) => {
      const values = parseFlags(
        z.object({ user: z.string().min(1), poc: id('a PoC id').optional(), json: z.boolean().optional() }),
        flags,
      );
      const queue = await withDatabase(async ({ db }) => {
        const user = await userNamed(db, values.user);
        return reviewQueue(db, user.id, { poc_id: values.poc });
      });
      if (values.json) {
        io.out(formatJson(queue));
        return;
      }
      const c = queue.counts;
      io.err(
        `${values.user}: ${c.toReview} to review, ${c.reviewed} reviewed, ${c.closed} closed by others.`,
      );
      io.out(
        formatTable(
          ['LOG', 'POC', 'ASSIGNED', 'NEEDS', 'QUESTION', 'ANSWER'],
          queue.items.map((i) => [i.logId, i.pocName, i.assignedAt, i.requiredReviews, i.question, i.answer]),
        ),
      );
    });

  review
    .command('submit')
    .description('Give your review of a log assigned to you (once).')
    .argument('<log>', 'the log id')
    .requiredOption('--user <name>', 'the reviewer')
    .requiredOption('--evaluation <code>', '1 good, 2 insufficient, 3 wrong')
    .option('--reason <text>', 'why (required for 2 and 3)')
    .option('--correction <text>', 'the correct answer (required for 2 and 3)')
    .option('--priority <code>', '1 high, 2 medium (default), 3 low')
    .action(async (log: string, flags: Record<string, unknown>) => {
      const values = parseFlags(submitSchema, { ...flags, log });
      const submitted = await withDatabase(async ({ db }) => {
        const user = await userNamed(db, values.user);
        return submitReview(db, { log_id: values.log, reviewer_id: user.id, verdict: verdictOf(values) });
      });
      const what = {
        waiting: `waiting for ${submitted.requiredReviews - submitted.reviewsIn} more`,
        accepted: 'the reviews agree: accepted and verified (status 3)',
        disputed: 'the reviews disagree: it goes to the lead',
      }[submitted.outcome];
      io.err(
        `Reviewed log ${submitted.logId} (${submitted.reviewsIn} of ${submitted.requiredReviews}): ${what}.`,
      );
      io.out(submitted.outcome);
    });

  review
    .command('disagreements')
    .description('Logs whose reviews disagree, verdicts side by side.')
    .option('--poc <id>', 'only this PoC')
    .option('--lead <name>', "only this lead's logs")
    .option('--json', 'print JSON')
    .action(async (flags: unknown) => {
      const values = parseFlags(
        z.object({
          poc: id('a PoC id').optional(),
          lead: z.string().min(1).optional(),
          json: z.boolean().optional(),
        }),
        flags,
      );
      const disputed = await withDatabase(async ({ db }) => {
        const lead = values.lead ? await userNamed(db, values.lead) : undefined;
        return listDisagreements(db, { poc_id: values.poc, lead_id: lead?.id });
      });
      if (values.json) {
        io.out(formatJson(disputed));
        return;
      }
      printDisagreements(io, disputed);
    });

  review
    .command('resolve')
    .description('Settle a disagreement on a log you lead: --pick a reviewer, or give the verdict.')
    .argument('<log>', 'the log id')
    .requiredOption('--user <name>', 'the lead')
    .option('--pick <reviewer>', "take this reviewer's verdict")
    .option('--evaluation <code>', 'or your own: 1 good, 2 insufficient, 3 wrong')
    .option('--reason <text>', 'why (required for 2 and 3)')
    .option('--correction <text>', 'the correct answer (required for 2 and 3)')
    .option('--priority <code>', '1 high, 2 medium (default), 3 low')
    .action(async (log: string, flags: Record<string, unknown>) => {
      const values = parseFlags(resolveSchema, { ...flags, log });
      if ((values.pick === undefined) === (values.evaluation === undefined))
        throw new UsageError('give either --pick <reviewer> or --evaluation <code>');
      const resolved = await withDatabase(async ({ db }) => {
        const lead = await userNamed(db, values.user);
        return resolveDisagreement(db, {
          log_id: values.log,
          lead_id: lead.id,
          decision: values.pick
            ? { pick: values.pick }
            : { verdict: verdictOf({ ...values, evaluation: values.evaluation! }) },
        });
      });
      io.err(
        `Log ${resolved.logId} settled${resolved.picked ? ` with ${resolved.picked}'s verdict` : ''}: ${rating(resolved.verdict.evaluation)}, verified (status 3).`,
      );
      io.out(String(resolved.verdict.evaluation));
    });

  review
    .command('stats')
    .description(
      "How much a PoC's reviewers agree: Cohen's κ per pair, Fleiss' κ per group, each with its count.",
    )
    .requiredOption('--poc <id>', 'the PoC')
    .option('--json', 'print JSON')
    .action(async (flags: unknown) => {
      const values = parseFlags(z.object({ poc: id('a PoC id'), json: z.boolean().optional() }), flags);
      const stats = await withDatabase(({ db }) => reviewStats(db, values.poc));
      if (values.json) io.out(formatJson(stats));
      else printStats(io, stats);
    });

  review
    .command('guidelines')
    .description("Print a PoC's rating guidelines, or save a new version from a Markdown file (--set).")
    .requiredOption('--poc <id>', 'the PoC')
    .option('--set <file>', 'save this file as the new version')
    .option('--user <name>', 'with --set: who saves it')
    .action(async (flags: unknown) => {
      const values = parseFlags(
        z.object({
          poc: id('a PoC id'),
          set: z.string().min(1).optional(),
          user: z.string().min(1).optional(),
        }),
        flags,
      );
      if (values.user && !values.set) throw new UsageError('--user goes with --set');
      const body = values.set
        ? await readFile(values.set, 'utf8').catch((error: Error) => {
            throw new DomainError(
              'invalid',
              `${values.set} cannot be read: ${error.message}`,
              'file_unreadable',
            );
          })
        : undefined;
      await withDatabase(async ({ db }) => {
        if (body !== undefined) {
          const user = values.user ? await userNamed(db, values.user) : undefined;
          await saveGuidelines(db, { pocId: values.poc, body, userId: user?.id ?? null });
        }
        const { current, versions } = await getGuidelines(db, values.poc);
        if (body !== undefined) io.err(`Saved version ${versions} of the guidelines of PoC ${values.poc}.`);
        else if (!current) io.err(`PoC ${values.poc} has no guidelines yet; save some with --set <file>.`);
        else
          io.err(
            `Version ${versions}, saved ${current.savedAt.toISOString()}${current.savedBy ? ` by ${current.savedBy}` : ''}:`,
          );
        if (body === undefined && current) io.out(current.body);
      });
    });
}

async function userNamed(db: Kysely<Database>, name: string): Promise<User> {
  const user = await findUserByName(db, name);
  if (!user) throw new DomainError('invalid', `There is no user "${name}".`, 'user_not_found');
  return user;
}

function verdictOf(values: {
  evaluation: 1 | 2 | 3;
  reason?: string;
  correction?: string;
  priority?: 1 | 2 | 3;
}): VerdictInput {
  return {
    evaluation: values.evaluation,
    reason: values.reason,
    correct_answer: values.correction,
    priority: values.priority,
  };
}
