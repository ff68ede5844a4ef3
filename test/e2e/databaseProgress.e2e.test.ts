// The sidebar while the database is not open yet: the Evaluate view says at once that it is connecting
// (never VS Code's blank "no data provider" or an empty tree), the Logs view says the same instead of
// offering the panel, and a failed open turns into an item that says so and retries when clicked. A
// loopback server that accepts connections and never answers holds the open for as long as the test needs.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nls from '../../package.nls.json';
import { activityBarItem } from './support/ui';
import { useWorkbench } from './support/workbench';

const sockets = new Set<Socket>();
let silent: Server | undefined;
const settings: Record<string, unknown> = { 'git.openRepositoryInParentFolders': 'never' };

beforeAll(async () => {
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((done) => silent!.listen(0, '127.0.0.1', done));
  const address = silent.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  settings['llamune.database.connectionString'] = `postgres://postgres@127.0.0.1:${address.port}/postgres`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((done) => (silent ? silent.close(() => done()) : done()));
});

describe('the sidebar while the database opens (a server that does not answer)', () => {
  const workbench = useWorkbench('database-progress', { settings });

  it('shows the connection in progress, then the failure with a retry, never a blank view', async () => {
    const { page } = workbench();
    await activityBarItem(page, 'Llamune').click();
    const evaluate = page
      .locator('.sidebar .pane')
      .filter({ has: page.locator('.pane-header', { hasText: /^Evaluate/i }) });
    const logs = page
      .locator('.sidebar .pane')
      .filter({ has: page.locator('.pane-header', { hasText: /^Logs/i }) });
    await evaluate
      .locator('.monaco-list-row', { hasText: 'Connecting to the database…' })
      .waitFor({ timeout: 30_000 });
    await logs
      .locator('.welcome-view-content', { hasText: nls['welcome.logs.opening'].slice(0, 30) })
      .waitFor();
    expect(await logs.locator('.welcome-view-content', { hasText: 'Open Evaluation Panel' }).count()).toBe(0);
    expect(await page.locator('.sidebar', { hasText: 'no data provider registered' }).count()).toBe(0);
    await workbench().screenshot('database-connecting');

    // The server goes away: the open fails, and both views say so.
    for (const socket of sockets) socket.destroy();
    const failed = evaluate.locator('.monaco-list-row', { hasText: 'The database could not be opened' });
    await failed.waitFor({ timeout: 30_000 });
    expect(await failed.textContent()).toContain('Retry');
    await logs.locator('.welcome-view-content', { hasText: 'The database could not be opened' }).waitFor();
    await workbench().screenshot('database-failed');
  });
});
