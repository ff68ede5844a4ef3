// A new user, from the command palette, on a real PostgreSQL: creates a PoC, registers a model,
// starts a session with a system prompt — and the database holds exactly that.
import { describe, expect, it } from 'vitest';
import { useFreshPostgres } from './support/postgres';
import { activityBarItem, answerInputBox, notification, pickQuickItem, runCommand } from './support/ui';
import { useWorkbench } from './support/workbench';

const POC = { name: 'Accounting PoC', domain: 'accounting', prompt: 'You answer questions about invoices.' };
const MODEL = { name: 'mlx-community/Qwen2.5-7B-Instruct-4bit', base: 'Qwen2.5-7B-Instruct' };
const SESSION_PROMPT = 'You are a careful accountant. Answer in one paragraph.';

describe('a new user sets up an evaluation from the palette (PostgreSQL)', () => {
  const database = useFreshPostgres('new_user');
  const workbench = useWorkbench('new-user-postgres', {
    settings: { 'llamune.database.connectionString': database.url },
  });

  it('creates a PoC, registers a model and starts a session, which the database holds exactly', async () => {
    const { page } = workbench();
    await activityBarItem(page, 'Llamune').click();
    await workbench().screenshot('evaluate-view-empty');

    await runCommand(page, 'Llamune: Create PoC');
    await answerInputBox(page, 'PoC name', POC.name);
    await answerInputBox(page, 'Business domain', POC.domain);
    await answerInputBox(page, 'Default system prompt', POC.prompt);
    await notification(page, `PoC "${POC.name}" created.`).waitFor();
    await workbench().screenshot('poc-created');

    await runCommand(page, 'Llamune: Register Model');
    await answerInputBox(page, 'Model: a Hugging Face id', MODEL.name);
    await answerInputBox(page, 'Base model name', MODEL.base);
    await pickQuickItem(page, 'MLX');
    await answerInputBox(page, 'LoRA adapter directory', '');
    await notification(page, `Model "${MODEL.name}" version 1 registered.`).waitFor();
    await workbench().screenshot('model-registered');

    await runCommand(page, 'Llamune: Start Session');
    // The box is prefilled with the PoC's default prompt; the user replaces it.
    const box = page.locator('.quick-input-widget .quick-input-box input');
    await page
      .locator('.quick-input-widget .quick-input-message')
      .filter({ hasText: 'System prompt' })
      .waitFor();
    await expect.poll(() => box.inputValue()).toBe(POC.prompt);
    await answerInputBox(page, 'System prompt', SESSION_PROMPT);
    await notification(page, `Session started: ${POC.name} with ${MODEL.name}.`).waitFor();
    // The Evaluate view lists what was made.
    await page.locator('.sidebar .monaco-list-row', { hasText: POC.name }).first().waitFor();
    await page.locator('.sidebar .monaco-list-row', { hasText: MODEL.name }).first().waitFor();
    await workbench().screenshot('session-started');

    const pocs = await database.query('SELECT name, domain, default_system_prompt FROM poc');
    expect(pocs).toEqual([{ name: POC.name, domain: POC.domain, default_system_prompt: POC.prompt }]);
    const models = await database.query(
      'SELECT model_name, version, base_model, provider, adapter_path FROM models',
    );
    expect(models).toEqual([
      { model_name: MODEL.name, version: 1, base_model: MODEL.base, provider: 'mlx', adapter_path: null },
    ]);
    const users = await database.query<{ id: number }>('SELECT id FROM users');
    expect(users).toHaveLength(1);
    const sessions = await database.query(
      `SELECT s.user_id, p.name AS poc, m.model_name AS model, s.system_prompt, s.ended_at
         FROM sessions s JOIN poc p ON p.id = s.poc_id JOIN models m ON m.id = s.model_id`,
    );
    expect(sessions).toEqual([
      {
        user_id: users[0]?.id,
        poc: POC.name,
        model: MODEL.name,
        system_prompt: SESSION_PROMPT,
        ended_at: null,
      },
    ]);
  });
});
