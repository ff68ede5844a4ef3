// The evaluation panel in the editor, on a real PostgreSQL, with the stand-in mlx_lm.server streaming
// slowly enough to watch: start a session in the panel, ask, watch the answer stream in, rate it Wrong
// with a reason, a correct answer and a priority — the row holds exactly that; then quick ask on a
// selection in an editor.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labels } from '../../src/protocol/labels';
import { askAndSeeItStream, wholeAnswer } from './support/panelSteps';
import { useFreshPostgres } from './support/postgres';
import { createPocFromPalette, registerMlxModelFromPalette } from './support/setUp';
import { withStandInMlx } from './support/standIn';
import { activityBarItem, answerInputBox, runCommand, webviewContent } from './support/ui';
import { useWorkbench } from './support/workbench';

const t = labels.en;
const POC = { name: 'Legal PoC', domain: 'legal' };
const SNIPPET = 'function noticeDays(contract) {\n  return contract.clauses[12].days;\n}';
const MODEL = 'mlx-community/Qwen2.5-7B-Instruct-4bit';
const SYSTEM_PROMPT = 'Answer as a contracts lawyer.';
const QUESTION = 'How long is the notice period in this contract?';
const RATING = {
  reason: 'It invents a clause the contract does not have.',
  correctAnswer: 'The contract sets a notice period of 30 days (clause 12).',
};

interface LogRow {
  question: string;
  answer: string;
  evaluation: number | null;
  reason: string | null;
  correct_answer: string | null;
  priority: number | null;
  system_prompt: string | null;
}

describe('the evaluation panel (PostgreSQL)', () => {
  const database = useFreshPostgres('panel');
  const workbench = useWorkbench('panel-postgres', {
    settings: { 'llamune.database.connectionString': database.url },
    prepare: async (profile) => {
      await withStandInMlx({ 'llamune.mlx.args': ['--fake-token-delay-ms=60'] })(profile);
      await writeFile(join(profile.folder, 'notice.js'), `${SNIPPET}\n`);
    },
  });
  const logs = () =>
    database.query<LogRow>(
      `SELECT l.question, l.answer, l.evaluation, l.reason, l.correct_answer, l.priority, s.system_prompt
         FROM conversation_logs l JOIN sessions s ON s.id = l.session_id ORDER BY l.id`,
    );

  it('streams the answer to a question and keeps its Wrong rating with reason, correct answer and priority', async () => {
    const { page } = workbench();
    await activityBarItem(page, 'Llamune').waitFor();
    await createPocFromPalette(page, POC);
    await registerMlxModelFromPalette(page, MODEL);

    await runCommand(page, 'Llamune: Open Evaluation Panel');
    const panel = webviewContent(page);
    await panel.getByRole('button', { name: t.startSession }).waitFor();
    await panel.getByLabel(t.poc, { exact: true }).selectOption({ label: `${POC.name} (${POC.domain})` });
    await panel.getByLabel(t.model, { exact: true }).selectOption({ label: `${MODEL} v1` });
    await panel.getByLabel(t.systemPrompt, { exact: true }).fill(SYSTEM_PROMPT);
    await workbench().screenshot('panel-before-session');
    await panel.getByRole('button', { name: t.startSession }).click();
    await panel.getByRole('button', { name: t.endSession }).waitFor();

    // Streaming: the pending card shows part of the answer while Stop is offered.
    const card = await askAndSeeItStream(panel, QUESTION);
    await workbench().screenshot('answer-streaming');
    const answer = await wholeAnswer(card);
    expect(answer).toContain(QUESTION);
    await workbench().screenshot('answer-complete');

    await card.getByRole('button', { name: t.evaluation[3] }).click();
    await card.getByLabel(t.reason, { exact: true }).fill(RATING.reason);
    await card.getByLabel(t.correctAnswer, { exact: true }).fill(RATING.correctAnswer);
    await card.getByLabel(t.priority, { exact: true }).selectOption({ label: t.priorities[1] });
    await workbench().screenshot('rating-filled');
    await card.getByRole('button', { name: t.save }).click();
    await expect
      .poll(async () => (await card.textContent())?.replace(/\s+/g, ' '))
      .toMatch(new RegExp(`${t.saved}\\s*· ${t.evaluation[3]} · ${t.priority}: ${t.priorities[1]}`));
    await workbench().screenshot('rating-saved');

    const rows = await logs();
    expect(rows).toHaveLength(1);
    const [row] = rows as [LogRow];
    expect(row).toEqual({
      question: QUESTION,
      answer: row.answer,
      evaluation: 3,
      reason: RATING.reason,
      correct_answer: RATING.correctAnswer,
      priority: 1,
      system_prompt: SYSTEM_PROMPT,
    });
    // What was shown is what was kept (the card renders the stored Markdown).
    expect(row.answer.replace(/\s+/g, ' ').trim()).toBe(answer.replace(/\s+/g, ' ').trim());
  });

  it('asks about a selection in an editor, in the open session', async () => {
    const { page } = workbench();
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'notice.js' }).click();
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines', { hasText: 'noticeDays' }).waitFor();
    await editor.click();
    await page.keyboard.press('Control+A');
    await runCommand(page, 'Llamune: Ask About Selection');
    await answerInputBox(page, 'What should Llamune do with the selection?', 'Explain this');
    await workbench().screenshot('quick-ask-sent');

    const panel = webviewContent(page);
    const question = panel.locator('article.log-card:not(.pending) h3', { hasText: 'Explain this' });
    await question.waitFor({ timeout: 60_000 });
    await workbench().screenshot('quick-ask-answered');
    await expect.poll(async () => (await logs()).length, { timeout: 15_000 }).toBe(2);
    const quick = (await logs())[1];
    // The instruction, then the selection (the whole file) fenced with the editor's language.
    expect(quick?.question).toMatch(/^Explain this\n\n```javascript\n/);
    expect(quick?.question).toContain(SNIPPET);
    expect(quick?.system_prompt).toBe(SYSTEM_PROMPT);
    expect(quick?.answer).toContain('Explain this');
  });

  it('refuses a 250,000-character question with the field and its limit named, and records nothing', async () => {
    const panel = webviewContent(workbench().page);
    const box = panel.getByRole('textbox', { name: t.question, exact: true });
    await box.fill('x'.repeat(250_000));
    await panel.locator('#question-counter', { hasText: '250,000 / 100,000' }).waitFor();
    await box.press('Control+Enter');
    await panel
      .getByRole('alert')
      .filter({ hasText: `${t.notAsked}: Question is too long: 250,000 characters, at most 100,000.` })
      .waitFor();
    await workbench().screenshot('question-too-long');
    expect(await panel.locator('article.pending').count()).toBe(0);
    expect(await logs()).toHaveLength(2);
    // The text stays for the user to shorten: one character under the limit is then asked.
    await box.fill('x'.repeat(100_000));
    await box.press('Control+Enter');
    await expect.poll(async () => (await logs()).length, { timeout: 60_000 }).toBe(3);
  });
});
