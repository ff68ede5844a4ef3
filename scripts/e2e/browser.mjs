// Debian's Chromium, headless, driven by playwright-core, opening a code-server workbench.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.LLAMUNE_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** @param {{ headless?: boolean }} [options] */
export async function launchChromium({ headless = true } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/install-chromium.sh`);
  return chromium.launch({ executablePath: CHROMIUM, headless, args: FLAGS });
}

/**
 * Opens the workbench in a new page and waits until it is drawn.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {{ locale?: string, timeoutMs?: number }} [options]
 */
export async function openWorkbench(browser, url, { locale, timeoutMs = 60_000 } = {}) {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    ...(locale ? { locale } : {}),
  });
  const page = await context.newPage();
  /** @type {string[]} */
  const consoleLines = [];
  page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => consoleLines.push(`[pageerror] ${error.stack ?? error.message}`));
  const started = Date.now();
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
  return { context, page, consoleLines, loadMs: Date.now() - started };
}
