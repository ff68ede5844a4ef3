// The steps many scenarios share before their own: a PoC and a model made from the palette as a user
// would, each waiting for its confirmation, and a free port for the REST API.
import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import { answerInputBox, notification, pickQuickItem, runCommand } from './ui';

/** Llamune: Create PoC, answered step by step. */
export async function createPocFromPalette(
  page: Page,
  poc: { name: string; domain: string; prompt?: string },
): Promise<void> {
  await runCommand(page, 'Llamune: Create PoC');
  await answerInputBox(page, 'PoC name', poc.name);
  await answerInputBox(page, 'Business domain', poc.domain);
  await answerInputBox(page, 'Default system prompt', poc.prompt ?? '');
  await notification(page, `PoC "${poc.name}" created.`).waitFor();
}

/** Llamune: Register Model, served by MLX without an adapter (version 1). */
export async function registerMlxModelFromPalette(page: Page, model: string, baseModel = ''): Promise<void> {
  await runCommand(page, 'Llamune: Register Model');
  await answerInputBox(page, 'Model: a Hugging Face id', model);
  await answerInputBox(page, 'Base model name', baseModel);
  await pickQuickItem(page, 'MLX');
  await answerInputBox(page, 'LoRA adapter directory', '');
  await notification(page, `Model "${model}" version 1 registered.`).waitFor();
}

/** A port that was free a moment ago (the API setting needs a number; 0 is not allowed). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
