// PostgreSQL stopped in the middle of a load: the API answers 503 with a detail, never crashes, writes
// nothing half-way, and serves again once the database is back.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrateToLatest } from '../../../src/core/db/migrate';
import { type DatabaseHandle, openDatabase } from '../../../src/core/db/open';
import { type StandIn, startStandIn } from '../../fixtures/standIns';
import { seedLog, seedSession } from '../../support/fixtures';
import { startTestApi, type TestApi } from './apiHarness';
import { startThrowawayCluster, type ThrowawayCluster } from './throwawayCluster';
import { waitFor } from './waitFor';

let cluster: ThrowawayCluster | undefined;
let handle: DatabaseHandle | undefined;
let standIn: StandIn | undefined;
let api: TestApi | undefined;
beforeAll(async () => {
  cluster = await startThrowawayCluster();
  handle = await openDatabase({ kind: 'postgres', url: cluster.url });
  await migrateToLatest(handle.db);
  standIn = await startStandIn('mlx');
  api = await startTestApi(handle.db, { baseUrl: standIn.baseUrl });
}, 120_000);
afterAll(async () => {
  await api?.close();
  await handle?.close();
  await standIn?.stop();
  await cluster?.destroy();
});

it('answers 503 with a detail while PostgreSQL is down, and serves again when it is back', async () => {
  const { apiKey, session } = await seedSession(handle!.db);
  const log = await seedLog(handle!.db, session.id);
  const statuses: number[] = [];
  const details: string[] = [];
  let written = 0;
  let running = true;
  const worker = async (i: number) => {
    while (running) {
      const response =
        i % 2
          ? await api!.call('GET', `/logs/${log.id}`, { key: apiKey })
          : await api!.call('POST', '/chat', {
              key: apiKey,
              body: { session_id: session.id, question: `q${i}` },
            });
      statuses.push(response.status);
      if (response.status === 201) written += 1;
      if (response.status >= 500)
        details.push(`${response.status} ${response.body.code}: ${response.body.detail}`);
    }
  };
  const workers = Array.from({ length: 8 }, (_, i) => worker(i));

  await waitFor(() => statuses.filter((s) => s < 300).length >= 20, 'answers before the outage', 30_000);
  await cluster!.stop();
  await waitFor(() => details.length >= 20, '503s during the outage', 30_000);
  const health = await api!.call('GET', '/health');
  expect(health).toMatchObject({ status: 503, body: { code: 'database_unavailable' } });
  await cluster!.start();
  const healthy = await waitFor(
    async () => (await api!.call('GET', '/health')).status === 200,
    'recovery',
    30_000,
  );
  expect(healthy).toBe(true);
  const afterRecovery = statuses.length;
  await waitFor(
    () => statuses.slice(afterRecovery).filter((s) => s < 300).length >= 20,
    'answers after',
    30_000,
  );
  running = false;
  await Promise.all(workers);

  expect(details.length).toBeGreaterThan(0);
  expect(statuses.filter((s) => s !== 200 && s !== 201 && s !== 503)).toEqual([]);
  for (const detail of details)
    expect(detail).toMatch(/^503 database_unavailable: The database is not available: \S/);
  const rows = await handle!.db.selectFrom('conversation_logs').select('id').execute();
  expect(rows.length).toBe(written + 1);
}, 120_000);
