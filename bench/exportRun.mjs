// One measured run for bench/export.ts, in a plain Node process of its own (the built dist/core.js, no
// TypeScript loader) so that its peak RSS is the export's: `export` runs the export as the CLI and the
// extension do — prepareExportInWorker (dist/exportWorker.js, its heap capped) + commitExport;
// `in-process` runs prepareExport on this thread, as Node starts it;
// `floor` reads the same rows (same filter, same batches, same joins) with pg and writes each as a JSON
// line, nothing else — the least any export of these logs can cost here.
// Prints one JSON line: { ms, cpuMs, maxRssMb, lines } (cpuMs: this process's user + system time, its
// worker thread's included — steadier than the wall time on a loaded machine).
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pg from 'pg';

const require = createRequire(import.meta.url);
const [mode, url, folder, pocList] = process.argv.slice(2);
const pocIds = pocList.split(',').map(Number);
const BATCH = 5_000;

async function floor() {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const out = createWriteStream(join(folder, 'floor.jsonl'));
  let after = 0;
  let lines = 0;
  try {
    while (true) {
      const { rows } = await client.query(
        `SELECT l.id, s.poc_id, p.name AS poc_name, l.session_id, s.system_prompt, l.question, l.answer,
                l.evaluation, l.reason, l.correct_answer, l.priority, l.status, m.model_name,
                m.version AS model_version, u.username, l.timestamp, l.updated_at, l.evaluated_at
         FROM conversation_logs l JOIN sessions s ON s.id = l.session_id JOIN poc p ON p.id = s.poc_id
         JOIN models m ON m.id = s.model_id JOIN users u ON u.id = s.user_id
         WHERE l.evaluated_at IS NOT NULL AND s.poc_id = ANY($1) AND l.id > $2 ORDER BY l.id LIMIT ${BATCH}`,
        [pocIds, after],
      );
      for (const row of rows) {
        lines += 1;
        if (!out.write(`${JSON.stringify(row)}\n`)) await once(out, 'drain');
      }
      if (rows.length < BATCH) break;
      after = rows.at(-1).id;
    }
  } finally {
    out.end();
    await once(out, 'finish');
    await client.end();
  }
  return lines;
}

async function exportAll(inWorker) {
  const dist = join(import.meta.dirname, '..', 'dist');
  const core = require(join(dist, 'core.js'));
  const handle = await core.openDatabase({ kind: 'postgres', url, poolSize: 2, queryTimeoutMs: 0 });
  try {
    const request = { poc_ids: pocIds, statuses: [1, 2, 3] };
    const prepared = inWorker
      ? await core.prepareExportInWorker(handle.connection, request, {
          folder,
          workerScript: join(dist, 'exportWorker.js'),
        })
      : await core.prepareExport(handle.db, request, { folder });
    await core.commitExport(handle.db, prepared, { markTrained: false, overwrite: false });
    return prepared.exported.ids.length;
  } finally {
    await handle.close();
  }
}

const started = performance.now();
const lines = mode === 'floor' ? await floor() : await exportAll(mode === 'export');
const ms = performance.now() - started;
const usage = process.resourceUsage();
const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
console.log(JSON.stringify({ ms, cpuMs, maxRssMb: usage.maxRSS / 1024, lines }));
