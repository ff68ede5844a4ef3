// The evaluation panel in Japanese (VS Code started with --locale ja), on the embedded PGlite: the
// extension's own commands and prompts are Japanese, the panel's labels too, and rating 間違い works.
import { describe, expect, it } from 'vitest';
import ja from '../../l10n/bundle.l10n.ja.json';
import nls from '../../package.nls.ja.json';
import { labels } from '../../src/protocol/labels';
import { withStandInMlx } from './support/standIn';
import {
  activityBarItem,
  answerInputBox,
  notification,
  pickQuickItem,
  runCommand,
  webviewContent,
} from './support/ui';
import { useWorkbench } from './support/workbench';

const t = labels.ja;
const POC = { name: '経理 PoC', domain: '経理' };
const MODEL = 'mlx-community/Qwen2.5-7B-Instruct-4bit';
const QUESTION = '請求書の支払期限は？';
const fill = (template: string, ...values: (string | number)[]) =>
  values.reduce<string>((text, value, i) => text.replace(`{${i}}`, String(value)), template);

describe('the evaluation panel in Japanese (embedded database)', () => {
  const workbench = useWorkbench('panel-japanese', { locale: 'ja', prepare: withStandInMlx() });

  it('shows the Japanese panel, answers a question and keeps the rating 間違い', async () => {
    const { page } = workbench();
    await activityBarItem(page, 'Llamune').waitFor();
    await runCommand(page, `Llamune: ${nls['command.createPoc']}`);
    await answerInputBox(page, ja['PoC name'], POC.name);
    await answerInputBox(page, ja['Business domain'], POC.domain);
    await answerInputBox(page, ja['Default system prompt for new sessions (optional)'], '');
    await notification(page, fill(ja['PoC "{0}" created.'], POC.name)).waitFor();
    await runCommand(page, `Llamune: ${nls['command.registerModel']}`);
    await answerInputBox(page, 'Hugging Face', MODEL);
    await answerInputBox(page, ja['Base model name (optional; fine-tuned versions share it)'], '');
    await pickQuickItem(page, 'MLX');
    await answerInputBox(page, ja['LoRA adapter directory (optional)'], '');
    await notification(page, fill(ja['Model "{0}" version {1} registered.'], MODEL, 1)).waitFor();

    await runCommand(page, `Llamune: ${nls['command.openPanel']}`);
    const panel = webviewContent(page);
    await panel.getByLabel(t.poc, { exact: true }).selectOption({ label: `${POC.name} (${POC.domain})` });
    await panel.getByLabel(t.model, { exact: true }).selectOption({ label: `${MODEL} v1` });
    await panel.getByRole('button', { name: t.startSession }).click();
    await panel.getByRole('button', { name: t.endSession }).waitFor();
    await workbench().screenshot('panel-japanese-session');

    const questionBox = panel.getByRole('textbox', { name: t.question });
    expect(await questionBox.getAttribute('placeholder')).toBe(t.questionPlaceholder);
    await questionBox.fill(QUESTION);
    await questionBox.press('Control+Enter');
    const card = panel.getByRole('article', { name: QUESTION });
    const wrong = card.getByRole('button', { name: t.evaluation[3] });
    await wrong.waitFor({ timeout: 60_000 });
    await expect
      .poll(async () => (await card.getByRole('region', { name: t.answer }).textContent()) ?? '')
      .toContain(QUESTION);
    await wrong.click();
    await card.getByLabel(t.reason, { exact: true }).fill('支払期限が契約と違う。');
    await card.getByLabel(t.correctAnswer, { exact: true }).fill('支払期限は月末締め翌月末払いです。');
    await card.getByLabel(t.priority, { exact: true }).selectOption({ label: t.priorities[1] });
    await card.getByRole('button', { name: t.save }).click();
    await expect
      .poll(async () => (await card.textContent())?.replace(/\s+/g, ' '))
      .toMatch(new RegExp(`${t.saved}\\s*· ${t.evaluation[3]} · ${t.priority}: ${t.priorities[1]}`));
    await workbench().screenshot('panel-japanese-rated');
  });
});
