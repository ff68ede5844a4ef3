// The MLX model server supervised by the extension: started from the palette with the stand-in
// mlx_lm.server, killed from outside — the status bar shows the crash, then the restarted server ready;
// the next question asked in the panel streams its answer from the restarted server and is recorded.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labels } from '../../src/protocol/labels';
import { askAndSeeItStream, wholeAnswer } from './support/panelSteps';
import { useFreshPostgres } from './support/postgres';
import { createPocFromPalette, registerMlxModelFromPalette } from './support/setUp';
import { FAKE_MLX_SERVER, withStandInMlx } from './support/standIn';
import { activityBarItem, runCommand, webviewContent } from './support/ui';
import { useWorkbench } from './support/workbench';

const t = labels.en;
const POC = { name: 'Support PoC', domain: 'support' };
const MODEL = 'mlx-community/Qwen2.5-7B-Instruct-4bit';
const QUESTION = 'Is the model server back after the crash?';

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
  const database = useFreshPostgres('model_server');
  const workbench = useWorkbench('model-server', {
    settings: {
      'llamune.database.connectionString': database.url,
      // No offer to open the worktree's repository over the screenshots.
      'git.openRepositoryInParentFolders': 'never',
    },
    // Tokens slow enough to watch the answer stream in.
    prepare: withStandInMlx({ 'llamune.mlx.args': ['--fake-token-delay-ms=40'] }),
  });
  /** The stand-in started by the supervisor after the crash. */
  let restartedPid: number | undefined;
  const ready = () =>
    workbench()
      .page.locator('.statusbar .statusbar-item:has(.codicon-check)')
      .filter({ hasText: /MLX ready :\d+/ });

  it('shows the server ready, the crash when its process is killed, and ready again after the restart', async () => {
    const { page } = workbench();
    await activityBarItem(page, 'Llamune').waitFor();
    expect(standInPids()).toEqual([]);

    await runCommand(page, 'Llamune: Start Model Server');
    // Ready: a check mark and the port the server listens on.
    await ready().waitFor({ timeout: 60_000 });
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

    await ready().waitFor({ timeout: 60_000 });
    await workbench().screenshot('model-server-ready-again');
    const restarted = standInPids();
    expect(restarted).toHaveLength(1);
    expect(restarted[0]).not.toBe(pid);
    restartedPid = restarted[0];
  });

  it('answers the next question asked in the panel from the restarted server, and records it', async () => {
    const { page } = workbench();
    expect(restartedPid).toBeDefined();
    await createPocFromPalette(page, POC);
    await registerMlxModelFromPalette(page, MODEL);

    await runCommand(page, 'Llamune: Open Evaluation Panel');
    const panel = webviewContent(page);
    await panel.getByLabel(t.poc, { exact: true }).selectOption({ label: `${POC.name} (${POC.domain})` });
    await panel.getByLabel(t.model, { exact: true }).selectOption({ label: `${MODEL} v1` });
    await panel.getByRole('button', { name: t.startSession }).click();
    await panel.getByRole('button', { name: t.endSession }).waitFor();

    // The answer streams in: part of it shows while Stop is offered.
    const card = await askAndSeeItStream(panel, QUESTION);
    await workbench().screenshot('answer-streaming-after-restart');
    const answer = await wholeAnswer(card);
    // The stand-in echoes the question.
    expect(answer).toContain(QUESTION);
    await workbench().screenshot('answer-after-restart');

    // Recorded, and answered by the restarted server: still the only one, and still ready.
    await expect
      .poll(() =>
        database.query<{ question: string; answer: string }>(
          'SELECT question, answer FROM conversation_logs',
        ),
      )
      .toHaveLength(1);
    const [log] = await database.query<{ question: string; answer: string }>(
      'SELECT question, answer FROM conversation_logs',
    );
    expect(log?.question).toBe(QUESTION);
    expect(log?.answer.replace(/\s+/g, ' ').trim()).toBe(answer.replace(/\s+/g, ' ').trim());
    expect(standInPids()).toEqual([restartedPid]);
    await ready().waitFor();
  });

  it('says the server crashed when it dies mid-answer, records nothing, and answers the next question', async () => {
    const { page } = workbench();
    const panel = webviewContent(page);
    const [serving] = standInPids();
    expect(serving).toBeDefined();
    await askAndSeeItStream(panel, 'Will this answer survive a crash?');
    process.kill(serving!, 'SIGKILL');

    // The real cause, in the panel: the server stopped and restarts by itself — not a model-name hint.
    const problem = panel.getByRole('alert').filter({ hasText: t.answerFailed });
    await problem.waitFor({ timeout: 15_000 });
    const text = (await problem.textContent()) ?? '';
    expect(text).toMatch(/stopped while answering \(signal SIGKILL\) and is restarting/);
    expect(text).toContain('restarting by itself; ask again once the status bar says it is ready');
    expect(text).not.toMatch(/model name/i);
    await panel
      .getByRole('status')
      .filter({ hasText: t.serverNotice.restarted })
      .waitFor({ timeout: 60_000 });
    await workbench().screenshot('crash-mid-answer-restarted');
    expect(await panel.getByRole('textbox', { name: t.question }).inputValue()).toBe(
      'Will this answer survive a crash?',
    );
    const logs = () =>
      database.query<{ question: string }>('SELECT question FROM conversation_logs ORDER BY id');
    expect(await logs()).toHaveLength(1);

    // Asked again, the restarted server answers and the log is recorded once.
    const card = await askAndSeeItStream(panel, 'Will this answer survive a crash?');
    expect(await wholeAnswer(card)).toContain('Will this answer survive a crash?');
    await expect.poll(logs).toHaveLength(2);
    await ready().waitFor();
  });

  it('stops the server from the palette', async () => {
    const { page } = workbench();
    await runCommand(page, 'Llamune: Stop Model Server');
    await page
      .locator('.statusbar .statusbar-item:has(.codicon-circle-slash)')
      .filter({ hasText: 'MLX' })
      .waitFor();
    await expect.poll(standInPids, { timeout: 15_000 }).toEqual([]);
  });
});
