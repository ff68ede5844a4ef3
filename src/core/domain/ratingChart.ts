// The panel's "ratings per version" chart: for one PoC, how many of each version's logs are rated good,
// insufficient or wrong (unrated apart), in total and over time. Read from the trigger-kept summary
// (migrations/0002, conversation_log_counts_by_session), so it stays fast at a million logs and is
// exact after every rating. That summary keeps no day per model, so "over time" buckets a log by the
// day its session started (a session is one version and, in practice, one sitting).
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';

export interface RatingCounts {
  good: number;
  insufficient: number;
  wrong: number;
  unrated: number;
}

export interface VersionRatings extends RatingCounts {
  model_id: number;
  model_name: string;
  version: number;
}

export interface PeriodRatings extends RatingCounts {
  model_id: number;
  /** The period's first day, `YYYY-MM-DD` (a Monday when the bucket is a week). */
  period: string;
}

export interface RatingChart {
  poc_id: number;
  /** Versions with at least one log in the PoC, by model name then version. */
  versions: VersionRatings[];
  bucket: 'day' | 'week';
  /** Per version and period with logs, oldest period first. */
  over_time: PeriodRatings[];
}

/** Past this many days from the first to the last session, periods are weeks. */
export const WEEKLY_AFTER_DAYS = 60;

const empty = (): RatingCounts => ({ good: 0, insufficient: 0, wrong: 0, unrated: 0 });

function add(counts: RatingCounts, row: { evaluation: number; rated: boolean; n: string | number }) {
  const n = Number(row.n);
  if (!row.rated) counts.unrated += n;
  else if (row.evaluation === 1) counts.good += n;
  else if (row.evaluation === 2) counts.insufficient += n;
  else counts.wrong += n;
}

/** migrations/0002_log_queries.ts: the columns of the per-session summary this reads. */
type SummaryBySession = {
  conversation_log_counts_by_session: {
    session_id: number;
    poc_id: number;
    model_id: number;
    evaluation: number;
    rated: boolean;
    n: number;
  };
};

export async function ratingChart(db: Kysely<Database>, pocId: number): Promise<RatingChart> {
  const summary = db
    .withTables<SummaryBySession>()
    .selectFrom('conversation_log_counts_by_session as c')
    .where('c.poc_id', '=', pocId);
  const totals = await summary
    .innerJoin('models as m', 'm.id', 'c.model_id')
    .select(['c.model_id', 'm.model_name', 'm.version', 'c.evaluation', 'c.rated'])
    .select((eb) => eb.fn.sum<string>('c.n').as('n'))
    .groupBy(['c.model_id', 'm.model_name', 'm.version', 'c.evaluation', 'c.rated'])
    .execute();

  const byModel = new Map<number, VersionRatings>();
  for (const row of totals) {
    let version = byModel.get(row.model_id);
    if (!version) {
      version = {
        model_id: row.model_id,
        model_name: row.model_name,
        version: Number(row.version),
        ...empty(),
      };
      byModel.set(row.model_id, version);
    }
    add(version, row);
  }
  const versions = [...byModel.values()]
    .filter((v) => v.good + v.insufficient + v.wrong + v.unrated > 0)
    .sort((a, b) => a.model_name.localeCompare(b.model_name) || a.version - b.version);

  // Connections run in UTC (SPEC §3), so this is the session's UTC day.
  const day = sql<string>`to_char(s.started_at, 'YYYY-MM-DD')`;
  const days = await summary
    .innerJoin('sessions as s', 's.id', 'c.session_id')
    .select(['c.model_id', 'c.evaluation', 'c.rated', day.as('day')])
    .select((eb) => eb.fn.sum<string>('c.n').as('n'))
    .groupBy(['c.model_id', day, 'c.evaluation', 'c.rated'])
    .execute();
  const sortedDays = days.map((r) => r.day).sort();
  const first = sortedDays[0] ?? '';
  const last = sortedDays.at(-1) ?? '';
  const bucket = days.length > 0 && daysBetween(first, last) > WEEKLY_AFTER_DAYS ? 'week' : 'day';

  const periods = new Map<string, PeriodRatings>();
  for (const row of days) {
    const period = bucket === 'week' ? mondayOf(row.day) : row.day;
    const key = `${row.model_id} ${period}`;
    let entry = periods.get(key);
    if (!entry) {
      entry = { model_id: row.model_id, period, ...empty() };
      periods.set(key, entry);
    }
    add(entry, row);
  }
  const over_time = [...periods.values()]
    .filter((p) => p.good + p.insufficient + p.wrong + p.unrated > 0)
    .sort((a, b) => a.period.localeCompare(b.period) || a.model_id - b.model_id);
  return { poc_id: pocId, versions, bucket, over_time };
}

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY_MS;

/** The Monday (UTC) of the week holding `day` (`YYYY-MM-DD`). */
export function mondayOf(day: string): string {
  const time = Date.parse(`${day}T00:00:00Z`);
  const weekday = (new Date(time).getUTCDay() + 6) % 7;
  return new Date(time - weekday * DAY_MS).toISOString().slice(0, 10);
}
