// Timing and plans for the database benchmark: p50/p95 over repeated runs, and the node names of the
// plan PostgreSQL chose for the SQL a call issues (captured from the pg pool, then EXPLAINed).
import { type Kysely, sql } from 'kysely';
import type { Database } from '../src/core/db/schema';

export interface Measured {
  name: string;
  p50: number;
  p95: number;
  plan: string;
}

/** `runs` timed calls after a warm-up, or fewer (at least 5) when they take more than ~10 s together. */
export async function measure(name: string, fn: () => Promise<unknown>, runs: number): Promise<Measured> {
  await fn();
  const samples: number[] = [];
  const budget = performance.now() + 10_000;
  for (let i = 0; i < runs && (i < 5 || performance.now() < budget); i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? Number.NaN;
  return { name, p50: at(0.5), p95: at(0.95), plan: '' };
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** Runs `fn` with a Kysely that records its first SELECT, then returns that query's plan nodes. */
export async function planOf(db: Kysely<Database>, fn: () => Promise<unknown>): Promise<string> {
  const captured: { sql: string; parameters: readonly unknown[] }[] = [];
  const original = db.getExecutor().executeQuery.bind(db.getExecutor());
  const executor = db.getExecutor() as { executeQuery: typeof original };
  executor.executeQuery = (compiled, ...rest) => {
    captured.push({ sql: compiled.sql, parameters: compiled.parameters });
    return original(compiled, ...rest);
  };
  try {
    await fn();
  } finally {
    executor.executeQuery = original;
  }
  const first = captured.find((q) => /^\s*select/i.test(q.sql));
  if (!first) return '';
  const result = await sql<{
    'QUERY PLAN': [{ Plan: PlanNode }];
  }>`${sql.raw('EXPLAIN (FORMAT JSON) ')}${sql.raw(substitute(first.sql, first.parameters))}`.execute(db);
  const names: string[] = [];
  const walk = (node: PlanNode) => {
    const on = node['Index Name'] ?? node['Relation Name'];
    names.push(on ? `${node['Node Type']}(${on})` : node['Node Type']);
    for (const child of node.Plans ?? []) walk(child);
  };
  const root = result.rows[0]?.['QUERY PLAN'][0].Plan;
  if (root) walk(root);
  const text = names.join(' > ');
  return /Seq Scan\(conversation_logs\)/.test(text) ? `${text}  ← SEQ SCAN ON conversation_logs` : text;
}

/** $1… → literals, for EXPLAIN (the values are the benchmark's own). */
function substitute(text: string, parameters: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const value = parameters[Number(n) - 1];
    if (value instanceof Date)
      return `'${value.toISOString().replace('T', ' ').replace('Z', '')}'::timestamp`;
    if (typeof value === 'number') return String(value);
    if (typeof value === 'boolean') return String(value);
    return `'${String(value).replace(/'/g, "''")}'`;
  });
}
