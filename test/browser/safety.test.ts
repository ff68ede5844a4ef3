// Model output is untrusted: markup, scripts, javascript: links and frames in an answer never run,
// whether streamed or loaded from history, and links open only through the host. The answers go through
// the real host conversion (markdownTree, run here in Node by the sample data and the fake host), and a
// forged tree that skips it is dropped by the webview's validation.
import { describe, expect, it } from 'vitest';
import { usePanelHarness } from './support/harness';
import { poll } from './support/poll';
import { makeLog, makeState } from './support/sampleData';

const panel = usePanelHarness();

const hostile = [
  'Here is an image: <img src=x onerror="window.__xss = \'img\'">',
  '',
  '<script>window.__xss = "script"</script>',
  '',
  "[click me](javascript:window.__xss='link')",
  '',
  '<a href="javascript:window.__xss=\'anchor\'">raw anchor</a>',
  '',
  '<iframe src="javascript:parent.__xss=\'iframe\'"></iframe>',
  '',
  '<iframe srcdoc="<script>parent.__xss=\'srcdoc\'</script>"></iframe>',
  '',
  '<svg onload="window.__xss=\'svg\'"><circle r="5"/></svg>',
  '',
  '[safe docs](https://example.com/docs)',
].join('\n');

async function watchForExecution() {
  await panel.page.evaluate(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      w.__violations.push(event.violatedDirective),
    );
  });
}

/** Waits two frames after the answer is on screen, so that anything it could trigger would have. */
async function settle() {
  await panel.page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(null)))),
  );
}

async function expectNothingRan(scope: string) {
  const page = panel.page;
  await settle();
  expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
  expect(await page.locator(`${scope} :is(img, script, iframe, svg, object, embed, style)`).count()).toBe(0);
  expect(await page.locator(`${scope} [href]`).count()).toBe(0);
  const handlers = await page
    .locator(`${scope} *`)
    .evaluateAll((elements) =>
      elements.flatMap((e) => e.getAttributeNames().filter((n) => n.startsWith('on'))),
    );
  expect(handlers).toEqual([]);
  // Not even blocked by the CSP: nothing in the answer ever reached the DOM as markup.
  expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual(
    [],
  );
}

describe('untrusted answers', () => {
  it('renders img onerror, script, javascript: links, iframes and svg from history as inert text', async () => {
    await panel.open(makeState({ history: [makeLog(1, { answer: hostile })] }));
    await watchForExecution();
    const answer = panel.page.locator('[data-log-id="1"] .markdown');
    await poll(() => answer.textContent()).toContain('<img src=x onerror=');
    await expectNothingRan('.markdown');
    expect(await answer.textContent()).toContain('<script>window.__xss = "script"</script>');

    // The javascript: link is not a link at all; clicking its text does nothing.
    expect(await answer.getByRole('link').allTextContents()).toEqual(['safe docs']);
    await answer.getByText('click me').click();
    await expectNothingRan('.markdown');
    expect(panel.host.sent('openLink')).toEqual([]);
  });

  it('keeps a streamed hostile answer inert too', async () => {
    await panel.open(makeState());
    await watchForExecution();
    const question = panel.page.getByRole('textbox', { name: 'Question', exact: true });
    await question.fill('Show me HTML');
    await question.press('Control+Enter');
    const ask = await panel.host.next('ask', 0);
    await panel.host.streamAnswer(ask.request_id, hostile.match(/.{1,7}/gs)!);
    await poll(() => panel.page.locator('.pending .markdown').textContent()).toContain('safe docs');
    await expectNothingRan('.markdown');
  });

  it('sends a link to the host for a check instead of navigating', async () => {
    await panel.open(makeState({ history: [makeLog(2, { answer: hostile })] }));
    const before = panel.page.url();
    const link = panel.page.getByRole('link', { name: 'safe docs' });
    await link.click();
    expect(await panel.host.next('openLink', 0)).toEqual({
      type: 'openLink',
      href: 'https://example.com/docs',
    });
    await link.focus();
    await panel.page.keyboard.press('Enter');
    expect(panel.host.sent('openLink')).toHaveLength(2);
    expect(panel.page.url()).toBe(before);
    expect(panel.page.frames()).toHaveLength(1);
  });

  it('drops a forged tree with a script, a frame or a javascript: link instead of drawing it', async () => {
    await panel.open(makeState());
    await watchForExecution();
    const question = panel.page.getByRole('textbox', { name: 'Question', exact: true });
    await question.fill('Forge');
    await question.press('Control+Enter');
    const ask = await panel.host.next('ask', 0);
    const forged = [
      [{ t: 'script', c: ["window.__xss='script'"] }],
      [{ t: 'p', c: [{ t: 'iframe', src: "javascript:parent.__xss='iframe'" }] }],
      [{ t: 'p', c: [{ t: 'a', href: "javascript:window.__xss='link'", c: ['x'] }] }],
      [{ t: 'p', onclick: "window.__xss='attr'", c: ['plain'] }],
    ];
    for (const blocks of forged) {
      await panel.host.sendRaw({ type: 'answerProgress', request_id: ask.request_id, from: 0, blocks });
    }
    await poll(async () => panel.host.sent('log').length).toBe(4);
    expect(panel.host.sent('log').every((log) => /answerProgress/.test(log.message))).toBe(true);
    // Only a valid update is drawn after them.
    await panel.host.streamAnswer(ask.request_id, ['fine']);
    await poll(() => panel.page.locator('.pending .markdown').textContent()).toBe('fine');
    await expectNothingRan('.markdown');
  });
});
