// What a user does in the evaluation panel that several scenarios share: ask with Ctrl+Enter and watch
// the answer stream in, then wait for it to be whole.
import type { FrameLocator, Locator } from 'playwright-core';
import { expect } from 'vitest';
import { labels } from '../../../src/protocol/labels';

const t = labels.en;

/** Asks `question` (Ctrl+Enter, as the box's placeholder says; the browser tests click Ask) and
 * resolves once part of the answer shows while Stop is offered. Returns the answer's card. */
export async function askAndSeeItStream(panel: FrameLocator, question: string): Promise<Locator> {
  const questionBox = panel.getByRole('textbox', { name: t.question });
  await questionBox.fill(question);
  await questionBox.press('Control+Enter');
  const streaming = panel.locator('article.pending section[aria-busy="true"]');
  await expect
    .poll(async () => (await streaming.textContent())?.length ?? 0, { timeout: 60_000 })
    .toBeGreaterThan(10);
  await panel.getByRole('button', { name: t.stop }).waitFor();
  return panel.getByRole('article', { name: question });
}

/** The answer's text once it is whole (its rating buttons are offered). */
export async function wholeAnswer(card: Locator): Promise<string> {
  await card.getByRole('button', { name: t.evaluation[1] }).waitFor({ timeout: 60_000 });
  return ((await card.getByRole('region', { name: t.answer }).textContent()) ?? '').trim();
}
