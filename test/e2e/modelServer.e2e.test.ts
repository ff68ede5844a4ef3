// The MLX model server supervised by the extension: started from the palette with the stand-in
// mlx_lm.server, killed from outside — the status bar shows the crash, then the restarted server ready.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAKE_MLX_SERVER, withStandInMlx } from './support/standIn';
import { activityBarItem, runCommand } from './support/ui';
import { useWorkbench } from './support/workbench';

/**
 * The pids of this checkout's stand-in servers (other checkouts on the machine run their own); the
 * supervisor's `/bin/sh` watcher, whose arguments name the server too, is left out.
 */
function standInPids(): number[] {
  let listed: string;
  try {
    listed = execFileSync('pgrep', ['-f', FAKE_MLX_SERVER], { encoding: 'utf8' });
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
  return listed
    .split('\n')
    .filter(Boolean)
    .map(Number)
    .filter((pid) => {
      const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
      return argv0 !== undefined && !argv0.endsWith('sh');
    });
}

describe('the MLX model server in the status bar', () => {
  const workbench = useWorkbench('model-server', { prepare: withStandInMlx() });

  it('shows the server ready, the crash when its process is killed, and ready again after the restart', async () => {
    const { page } = workbench();
    await activityBarItem(page, 'Llamune').waitFor();
    expect(standInPids()).toEqual([]);

    await runCommand(page, 'Llamune: Start Model Server');
    // Ready: a check mark and the port the server listens on.
    const ready = page
      .locator('.statusbar .statusbar-item:has(.codicon-check)')
      .filter({ hasText: /MLX :\d+/ });
    await ready.waitFor({ timeout: 60_000 });
    await workbench().screenshot('model-server-ready');
    const pids = standInPids();
    expect(pids).toHaveLength(1);
    const [pid] = pids as [number];

    process.kill(pid, 'SIGKILL');
    // Crashed: the restart icon on a warning background, while the supervisor waits to restart it.
    const crashed = page
      .locator('.statusbar .statusbar-item:has(.codicon-debug-restart)')
      .filter({ hasText: 'MLX' });
    await crashed.waitFor({ timeout: 15_000 });
    expect(await crashed.getAttribute('class')).toMatch(/\bwarning-kind\b/);
    await workbench().screenshot('model-server-crashed');

    await ready.waitFor({ timeout: 60_000 });
    await workbench().screenshot('model-server-ready-again');
    const restarted = standInPids();
    expect(restarted).toHaveLength(1);
    expect(restarted[0]).not.toBe(pid);

    await runCommand(page, 'Llamune: Stop Model Server');
    await page
      .locator('.statusbar .statusbar-item:has(.codicon-circle-slash)')
      .filter({ hasText: 'MLX' })
      .waitFor();
    await expect.poll(standInPids, { timeout: 15_000 }).toEqual([]);
  });
});
