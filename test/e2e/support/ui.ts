// What a person does in the workbench, as Playwright steps: the command palette, views, the
// Extensions view, the status bar, notifications and an extension's webview.
import type { FrameLocator, Locator, Page } from 'playwright-core';

const TIMEOUT = 30_000;

/**
 * Runs a command from the palette (F1) by its full title, e.g. `Llamune: Create PoC`. The palette lists
 * the commands known when it opens: right after a (re)load, an extension's may not be registered yet,
 * so a palette without the command is closed and opened again until TIMEOUT.
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  // A row's aria-label is the title, then ", " and its keybinding or "similar commands" when it has one.
  const quoted = title.replace(/"/g, '\\"');
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator(`.label-name:text-is("${quoted}")`) })
    .or(page.locator(`.quick-input-list .monaco-list-row[aria-label="${quoted}"]`))
    .or(page.locator(`.quick-input-list .monaco-list-row[aria-label^="${quoted}, "]`));
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ timeout: TIMEOUT });
    await input.fill(`>${title}`);
    try {
      await row.first().waitFor({ timeout: Math.min(5_000, Math.max(deadline - Date.now(), 1)) });
      break;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await page.keyboard.press('Escape');
    }
  }
  await row.first().click({ timeout: TIMEOUT });
}

/** The quick input (palette, quick pick, input box) while it is open. */
export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

/** Types into the open quick input and accepts it with Enter. */
export async function answerQuickInput(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: TIMEOUT });
  await input.fill(text);
  await input.press('Enter');
}

/**
 * Opens the Extensions view (Ctrl+Shift+X) filtered to installed extensions; resolves with the row
 * of the extension `id` (`publisher.name`), whose aria-label reads "Name, version, Publisher …".
 */
export async function installedExtension(page: Page, id: string): Promise<Locator> {
  await page.keyboard.press('Control+Shift+X');
  await page.waitForFunction(
    () => document.activeElement?.closest('.extensions-viewlet .suggest-input-container') != null,
    undefined,
    { timeout: TIMEOUT },
  );
  // Inserted rather than typed: typing `@` opens the filter suggestions over the list.
  await page.keyboard.insertText('@installed');
  const row = page.locator(`.extensions-viewlet .monaco-list-row[data-extension-id="${id}"]`);
  await row.waitFor({ timeout: 60_000 });
  return row;
}

/** The activity-bar entry of a view container, by its title (e.g. `Llamune`). */
export function activityBarItem(page: Page, title: string): Locator {
  return page.locator(`.activitybar .action-item a[aria-label^="${title.replace(/"/g, '\\"')}"]`);
}

/** A status-bar entry whose text contains `text`. */
export function statusBarItem(page: Page, text: string | RegExp): Locator {
  return page.locator('.statusbar .statusbar-item').filter({ hasText: text });
}

/** A notification toast whose message contains `text`. */
export function notification(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast').filter({ hasText: text });
}

/**
 * The content of an extension's webview: the outer `iframe.webview` holds the extension's frame,
 * named `active-frame` once loaded. Playwright's role and name selectors work inside it.
 */
export function webviewContent(page: Page, nth = 0): FrameLocator {
  return page.frameLocator('iframe.webview').nth(nth).frameLocator('iframe#active-frame');
}

/**
 * Answers the input box whose prompt contains `prompt` (waited for first, since the widget is reused
 * from one box to the next) with `text`, then Enter.
 */
export async function answerInputBox(page: Page, prompt: string | RegExp, text: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-message').filter({ hasText: prompt }).waitFor({
    timeout: TIMEOUT,
  });
  await answerQuickInput(page, text);
}

/** Picks the quick-pick row whose label starts with `label` (its description follows in the row's text). */
export async function pickQuickItem(page: Page, label: string): Promise<void> {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ hasText: new RegExp(`^${escaped}`) });
  await row.first().click({ timeout: TIMEOUT });
}
