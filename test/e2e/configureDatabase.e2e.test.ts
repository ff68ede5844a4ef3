// Llamune: Configure Database, from the palette, against a PostgreSQL server that asks for a password:
// the connection string is kept in settings.json as entered and the password only in SecretStorage;
// no password and a wrong password each fail with advice about the password; with the right one the
// extension works against that database (a PoC created from the palette is its row there).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { usePasswordPostgres } from './support/passwordPostgres';
import {
  activityBarItem,
  answerInputBox,
  notification,
  pickQuickItem,
  quickInput,
  runCommand,
} from './support/ui';
import { useWorkbench } from './support/workbench';

const URL_PROMPT = 'PostgreSQL connection string, without the password';
const PASSWORD_PROMPT = 'Password for this PostgreSQL user';
const POC = { name: 'Payroll PoC', domain: 'payroll' };
const SECOND_POC = { name: 'Expenses PoC', domain: 'expenses' };

/** The files under `dir` (recursively) whose bytes contain `text`. */
async function filesContaining(dir: string, text: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    if ((await readFile(file)).includes(text)) found.push(file);
  }
  return found;
}

/** The extension's log ("Llamune" channel) of each extension host so far, oldest first. */
async function extensionLogs(userDataDir: string): Promise<string[]> {
  const logsDir = join(userDataDir, 'logs');
  const files = (await readdir(logsDir, { recursive: true }))
    .filter((file) => file.endsWith(join('llamune.llamune-poc', 'Llamune.log')))
    .sort();
  return Promise.all(files.map((file) => readFile(join(logsDir, file), 'utf8')));
}

/**
 * Waits for a notification in the notifications center: its toast can be laid out of sight when
 * several come at once (seen here: in the DOM, never visible), while the center lists every one.
 */
async function notified(page: Page, text: string): Promise<void> {
  await runCommand(page, 'Notifications: Show Notifications');
  await page.locator('.notifications-center .notification-list-item').filter({ hasText: text }).waitFor();
  await runCommand(page, 'Notifications: Hide Notifications');
}

describe('Configure Database with a password (PostgreSQL asking for one)', () => {
  const database = usePasswordPostgres();
  // Nothing configured: the extension starts on its embedded database.
  const workbench = useWorkbench('configure-database-password');

  // The user's settings.json, and the remote machine's (a code-server window is remote): the string
  // belongs in the user's, which VS Code applies in remote windows too (its scope is `window`).
  const userSettings = () => readFile(join(workbench().profile.userDataDir, 'User', 'settings.json'), 'utf8');
  const machineSettings = () =>
    readFile(join(workbench().profile.userDataDir, 'Machine', 'settings.json'), 'utf8').catch(() => '{}');

  /** Runs the command through to the password box and answers it with `password`. */
  async function configure(password: string) {
    const { page } = workbench();
    // Earlier toasts cleared, so that the one this attempt raises is on view.
    await runCommand(page, 'Notifications: Clear All Notifications');
    await runCommand(page, 'Llamune: Configure Database');
    await pickQuickItem(page, 'PostgreSQL server');
    await answerInputBox(page, URL_PROMPT, database.url);
    await answerInputBox(page, PASSWORD_PROMPT, password);
  }

  it('refuses a connection string holding the password, as the user types it', async () => {
    const { page } = workbench();
    await activityBarItem(page, 'Llamune').waitFor();
    await runCommand(page, 'Llamune: Configure Database');
    await pickQuickItem(page, 'PostgreSQL server');
    const input = quickInput(page).locator('.quick-input-box input');
    await quickInput(page).locator('.quick-input-message').filter({ hasText: URL_PROMPT }).waitFor();
    const withPassword = new URL(database.url);
    withPassword.password = database.password;
    await input.fill(withPassword.toString());
    await quickInput(page)
      .locator('.quick-input-message')
      .filter({ hasText: 'Leave the password out: it is asked next and kept in the OS keychain.' })
      .waitFor();
    await workbench().screenshot('url-with-password-refused');
    await input.press('Escape');
    await quickInput(page).waitFor({ state: 'hidden' });
    for (const settings of [await userSettings(), await machineSettings()]) {
      expect(JSON.parse(settings)).not.toHaveProperty(['llamune.database.connectionString']);
    }
  });

  it('without the password, fails with advice to set it', async () => {
    const { page } = workbench();
    await configure('');
    await notified(
      page,
      `PostgreSQL at ${database.url} asks for a password and none was given. Set the password.`,
    );
    await workbench().screenshot('no-password');
  });

  it('with a wrong password, fails with advice to set the right one', async () => {
    const { page } = workbench();
    await configure(`${database.password}-wrong`);
    await notified(page, `PostgreSQL refused the password for ${database.url}. Set the right password.`);
    await workbench().screenshot('wrong-password');
  });

  it('with the right password: connects, keeps the password out of settings.json, and works there', async () => {
    const { page } = workbench();
    await configure(database.password);
    await notified(page, `Llamune now uses PostgreSQL ${database.url}.`);
    await workbench().screenshot('configured');

    const user = await userSettings();
    const machine = await machineSettings();
    expect(JSON.parse(user)).toMatchObject({ 'llamune.database.connectionString': database.url });
    expect(JSON.parse(machine)).not.toHaveProperty(['llamune.database.connectionString']);
    expect(user).not.toContain(database.password);
    expect(machine).not.toContain(database.password);

    await runCommand(page, 'Llamune: Create PoC');
    await answerInputBox(page, 'PoC name', POC.name);
    await answerInputBox(page, 'Business domain', POC.domain);
    await answerInputBox(page, 'Default system prompt', '');
    await notification(page, `PoC "${POC.name}" created.`).waitFor();
    expect(await database.query('SELECT name, domain FROM poc')).toEqual([POC]);
    // Nowhere in the profile in clear text: not in a settings file, a log or the editor's state.
    expect(await filesContaining(workbench().profile.userDataDir, database.password)).toEqual([]);
    // The tables and rows belong to the role the user configured, not to the superuser.
    expect(await database.query("SELECT tableowner FROM pg_tables WHERE tablename = 'poc'")).toEqual([
      { tableowner: 'llamune_e2e_pw' },
    ]);
  });

  it('after Reload Window, the password comes from SecretStorage and the extension still works there', async () => {
    const { page } = workbench();
    // A new extension host: nothing the previous one held in memory survives.
    await Promise.all([page.waitForEvent('load'), runCommand(page, 'Developer: Reload Window')]);
    await page.locator('.monaco-workbench').waitFor();
    await runCommand(page, 'Llamune: Create PoC');
    await answerInputBox(page, 'PoC name', SECOND_POC.name);
    await answerInputBox(page, 'Business domain', SECOND_POC.domain);
    await answerInputBox(page, 'Default system prompt', '');
    await notification(page, `PoC "${SECOND_POC.name}" created.`).waitFor();
    expect(await database.query('SELECT name, domain FROM poc ORDER BY id')).toEqual([POC, SECOND_POC]);
    // It was the new extension host that opened the database, with the stored password.
    // (The log file lags the window: wait for the line.)
    const logs = () => extensionLogs(workbench().profile.userDataDir);
    await expect
      .poll(async () => (await logs())[1] ?? '', { timeout: 15_000 })
      .toContain(`Database: PostgreSQL ${database.url};`);
    expect(await logs()).toHaveLength(2);
  });
});
