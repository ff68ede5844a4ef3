// The models as a lineage: base → v1 → v2, each with its adapter, what trained it, and how its answers
// have been rated so far (from the per-session summary table: milliseconds at a million logs).
import { type Kysely, sql } from 'kysely';
import type { Database, Model } from '../db/schema';

export interface RatingCounts {
  good: number;
  insufficient: number;
  wrong: number;
  unrated: number;
}

export interface LineageNode {
  model: Model;
  /** The model it was trained from (null for a base, or a version registered without lineage). */
  parentId: number | null;
  exportId: number | null;
  trainingLogs: number | null;
  adapterConfig: Record<string, unknown> | null;
  ratings: RatingCounts;
  children: LineageNode[];
}

/** Every model, as trees: roots are the models not trained from another one. */
export async function modelLineage(db: Kysely<Database>): Promise<LineageNode[]> {
  const rows = await db
    .selectFrom('models as m')
    .leftJoin('model_lineage as l', 'l.model_id', 'm.id')
    .selectAll('m')
    .select(['l.parent_model_id', 'l.export_id', 'l.training_log_count', 'l.adapter_config'])
    .orderBy('m.model_name')
    .orderBy('m.version')
    .orderBy('m.id')
    .execute();
  const ratings = await ratingsPerModel(db);
  const nodes = new Map<number, LineageNode>();
  for (const { parent_model_id, export_id, training_log_count, adapter_config, ...model } of rows)
    nodes.set(model.id, {
      model,
      parentId: parent_model_id,
      exportId: export_id,
      trainingLogs: training_log_count,
      adapterConfig: adapter_config,
      ratings: ratings.get(model.id) ?? { good: 0, insufficient: 0, wrong: 0, unrated: 0 },
      children: [],
    });
  const roots: LineageNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

async function ratingsPerModel(db: Kysely<Database>): Promise<Map<number, RatingCounts>> {
  const { rows } = await sql<{ model_id: number; evaluation: number | null; n: string }>`
    SELECT model_id, CASE WHEN rated THEN evaluation END AS evaluation, sum(n) AS n
    FROM conversation_log_counts_by_session
    GROUP BY 1, 2`.execute(db);
  const counts = new Map<number, RatingCounts>();
  for (const row of rows) {
    const entry = counts.get(row.model_id) ?? { good: 0, insufficient: 0, wrong: 0, unrated: 0 };
    const key =
      row.evaluation === 1
        ? 'good'
        : row.evaluation === 2
          ? 'insufficient'
          : row.evaluation === 3
            ? 'wrong'
            : 'unrated';
    entry[key] += Number(row.n);
    counts.set(row.model_id, entry);
  }
  return counts;
}

/** The nodes of a lineage, depth first, with their depth (for printing). */
export function* walkLineage(
  nodes: LineageNode[],
  depth = 0,
): Generator<{ node: LineageNode; depth: number }> {
  for (const node of nodes) {
    yield { node, depth };
    yield* walkLineage(node.children, depth + 1);
  }
}
