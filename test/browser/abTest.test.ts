// The built A/B view (dist/webview/abtest.js) in a real Chromium, fed by the host's real link: answers A
// and B side by side as Markdown (never HTML), no model named before the vote, keys A / B / T (not while
// typing a reason), the reveal and the win rate after a vote, previous / next, a refused vote said, bad
// messages dropped, Japanese labels, and the three themes.
import { mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { type AbHarness, MemoryRun, useAbHarness } from './support/abTestPage';
import { poll } from './support/poll';

const view: AbHarness = useAbHarness();
const MODELS: [string, string] = ['qwen2.5 v1', 'qwen2.5 v2'];

function sampleRun() {
  return new MemoryRun(
    [
      {
        question: '消費税の標準税率は？',
        system_prompt: 'あなたは会計の専門家です',
        a: { model: 'qwen2.5 v2', answer: '標準税率は **10%** です。\n\n- 軽減税率は 8%' },
        b: { model: 'qwen2.5 v1', answer: '8% です。 <script>alert(1)</script> [x](javascript:alert(1))' },
      },
      {
        question: '申告期限は？',
        system_prompt: null,
        a: { model: 'qwen2.5 v1', answer: '3月15日です。[国税庁](https://www.nta.go.jp/)' },
        b: { model: 'qwen2.5 v2', answer: '翌年3月15日です。' },
      },
      {
        question: '未回答の質問',
        system_prompt: null,
        a: { model: 'qwen2.5 v1', answer: 'まだ片方だけ' },
        b: null,
      },
    ],
    MODELS,
  );
}

const body = () => view.page.locator('body').textContent();
const heading = () => view.page.getByRole('heading', { level: 1 }).textContent();
const answer = (side: 'A' | 'B') => view.page.getByRole('region', { name: `Answer ${side}` });

describe('the blind A/B view', () => {
  it('shows the question and answers A and B side by side as Markdown, naming no model before the vote', async () => {
    await view.open(sampleRun());
    expect(await heading()).toBe('Question 1 of 3');
    expect(await view.page.locator('.question-text').textContent()).toBe('消費税の標準税率は？');
    expect(await answer('A').locator('strong').textContent()).toBe('10%');
    expect(await answer('A').locator('li').textContent()).toBe('軽減税率は 8%');
    // Untrusted answers stay text: no script element, no javascript: link.
    expect(await answer('B').textContent()).toContain('<script>alert(1)</script>');
    expect(await view.page.locator('script:not([src])').count()).toBe(0);
    expect(await answer('B').locator('[data-href]').count()).toBe(0);
    const boxes = await Promise.all([answer('A').boundingBox(), answer('B').boundingBox()]);
    expect(boxes[1]!.x).toBeGreaterThan(boxes[0]!.x + boxes[0]!.width - 1);
    expect(Math.abs(boxes[1]!.y - boxes[0]!.y)).toBeLessThan(2);
    // The run's title names the pair; nothing in the question's part names either model.
    expect(await view.page.locator('article.item').textContent()).not.toMatch(/qwen/);
    expect(await view.page.locator('.win-rates').textContent()).toContain(
      'No vote yet: the win rate shows once there is one.',
    );
    expect(await view.page.getByRole('status').first().textContent()).toBe(
      'You voted on 0 of 3 (2 answered by both so far).',
    );
  });

  it('votes A with the key, then reveals the models and updates the win rate with its count', async () => {
    await view.open(sampleRun());
    await view.page.keyboard.press('a');
    const reveal = view.page.locator('.reveal');
    await reveal.waitFor();
    expect(await reveal.textContent()).toBe('You chose A: qwen2.5 v2. A was qwen2.5 v2, B was qwen2.5 v1.');
    expect(await answer('A').getByRole('heading').textContent()).toBe('Answer A — qwen2.5 v2');
    expect(view.host.sent('vote')).toEqual([{ type: 'vote', position: 0, choice: 'A', reason: null }]);
    await poll(() => view.page.locator('.rate').textContent()).toBe(
      'qwen2.5 v1 vs qwen2.5 v2: qwen2.5 v1 wins 0% (95% interval 0%–79%) 0 wins, 1 loss, 0 ties of 1 vote',
    );
    expect(await view.page.getByRole('button', { name: 'A is better' }).count()).toBe(0);
    // Another key press changes nothing: one vote per item.
    await view.page.keyboard.press('b');
    await view.host.settled();
    expect(view.host.sent('vote')).toHaveLength(1);
  });

  it('takes a reason (typing B or T in it votes nothing), then a tie with the button', async () => {
    await view.open(sampleRun());
    await view.page.getByRole('button', { name: 'Next' }).click();
    await poll(heading).toBe('Question 2 of 3');
    expect(await view.page.locator('.system-prompt').count()).toBe(0);
    await view.page.getByLabel('Reason (optional)').fill('both, but T is tidier');
    await view.page.getByLabel('Reason (optional)').press('t');
    await view.page.getByLabel('Reason (optional)').press('b');
    expect(view.host.sent('vote')).toEqual([]);
    await view.page.getByRole('button', { name: 'Tie' }).click();
    await view.page.locator('.reveal').waitFor();
    expect(view.host.sent('vote')).toEqual([
      { type: 'vote', position: 1, choice: 'tie', reason: 'both, but T is tidiertb' },
    ]);
    expect(await view.page.locator('.reveal').textContent()).toBe(
      'You called it a tie. A was qwen2.5 v1, B was qwen2.5 v2.Your reason: both, but T is tidiertb',
    );
    await poll(() => view.page.locator('.rate .counts').textContent()).toBe(
      '0 wins, 0 losses, 1 tie of 1 vote',
    );
    expect(await view.page.locator('.rate strong').textContent()).toBe(
      'qwen2.5 v1 vs qwen2.5 v2: no decided vote yet',
    );
    // Links in an answer go to the host, which decides.
    await answer('A').getByRole('link', { name: '国税庁' }).click();
    await poll(async () => view.host.sent('openLink')).toEqual([
      { type: 'openLink', href: 'https://www.nta.go.jp/' },
    ]);
  });

  it('moves with previous / next and the arrow keys, and says when a question lacks an answer', async () => {
    await view.open(sampleRun());
    expect(await view.page.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);
    await view.page.keyboard.press('ArrowRight');
    await poll(heading).toBe('Question 2 of 3');
    await view.page.keyboard.press('ArrowRight');
    await poll(heading).toBe('Question 3 of 3');
    expect(await view.page.locator('.not-answered').textContent()).toBe(
      'This question does not have both answers yet.',
    );
    expect(await view.page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await view.page.keyboard.press('a');
    await view.page.keyboard.press('ArrowLeft');
    await poll(heading).toBe('Question 2 of 3');
    expect(view.host.sent('vote')).toEqual([]);
    expect(await view.page.locator('.incomplete').textContent()).toMatch(
      /^Not every question has both answers yet/,
    );
  });

  it('counts quick arrow presses from the question last asked for, and keys act on the question shown', async () => {
    await view.open(sampleRun());
    // Two presses before the first move is shown: the second counts on from the first.
    await view.page.keyboard.press('ArrowRight');
    await view.page.keyboard.press('ArrowRight');
    await poll(heading).toBe('Question 3 of 3');
    await view.page.keyboard.press('ArrowLeft');
    await view.page.keyboard.press('ArrowLeft');
    await view.page.keyboard.press('ArrowLeft');
    await poll(heading).toBe('Question 1 of 3');
    // A vote key right after a move is shown votes on the question shown, not the one before.
    await view.page.keyboard.press('ArrowRight');
    await poll(heading).toBe('Question 2 of 3');
    await view.page.keyboard.press('b');
    await poll(async () => view.host.sent('vote')).toEqual([
      { type: 'vote', position: 1, choice: 'B', reason: null },
    ]);
    await view.page.locator('.reveal').waitFor();
    await view.host.settled();
    expect(await heading()).toBe('Question 2 of 3');
  });

  it('says why a vote was refused and shows the vote given elsewhere', async () => {
    const run = sampleRun();
    await view.open(run);
    run.votes.set(0, { choice: 'B', reason: 'elsewhere' });
    await view.page.getByRole('button', { name: 'B is better' }).click();
    await poll(() => view.page.getByRole('alert').textContent()).toBe('You have already voted on item 1.');
    expect(await view.page.locator('.reveal').textContent()).toContain('You chose B: qwen2.5 v1.');
  });

  it('drops what the protocol does not allow and changes nothing', async () => {
    await view.open(sampleRun());
    const before = await body();
    await view.host.sendRaw([
      {
        type: 'item',
        item: { position: 0, question: 'injected', answers: { a: [{ t: 'script', c: ['x'] }], b: [] } },
      },
      { type: 'state', title: 'x', items: -1 },
      { type: 'reveal', a: 'qwen2.5 v1' },
      'item',
    ]);
    await view.host.sendRaw([{ type: 'voteFailed', position: 0, message: 'after the bad ones' }]);
    await poll(() => view.page.getByRole('alert').textContent()).toBe('after the bad ones');
    expect((await body())?.replace('after the bad ones', '')).toBe(before);
    expect(await view.page.locator('script:not([src])').count()).toBe(0);
  });

  it('speaks Japanese', async () => {
    await view.open(sampleRun(), '?lang=ja');
    expect(await heading()).toBe('質問 1 / 3');
    expect(await view.page.getByRole('button', { name: 'A が良い' }).count()).toBe(1);
    await view.page.getByRole('button', { name: '引き分け' }).click();
    await poll(() => view.page.locator('.reveal').textContent()).toBe(
      '引き分けにしました。 A は qwen2.5 v2、B は qwen2.5 v1 でした。',
    );
    await poll(() => view.page.locator('.rate .counts').textContent()).toBe('1 票中 0 勝 0 敗 1 引き分け');
  });
});

describe('the A/B view’s look', () => {
  const themes = [
    ['light', 'rgb(255, 255, 255)'],
    ['dark', 'rgb(30, 30, 30)'],
    ['hc', 'rgb(0, 0, 0)'],
  ] as const;
  for (const [theme, background] of themes) {
    it(`is drawn with the ${theme} theme's variables and saved as a screenshot`, async () => {
      await view.open(sampleRun(), `?theme=${theme}`);
      await view.page.setViewportSize({ width: 1000, height: 800 });
      const colours = await view.page.evaluate(() => {
        const style = (selector: string) => getComputedStyle(document.querySelector(selector) as Element);
        return {
          body: getComputedStyle(document.body).backgroundColor,
          text: getComputedStyle(document.body).color,
          button: [style('button.primary').backgroundColor, style('button.primary').borderTopColor],
        };
      });
      expect(colours.body).toBe(background);
      expect(colours.text).toMatch(/^rgb\(/);
      expect(colours.text).not.toBe(background);
      // Filled in light and dark; outlined in high contrast (its buttons are black on black).
      expect(colours.button.some((c) => c !== background && c !== 'rgba(0, 0, 0, 0)')).toBe(true);
      await mkdir('test-results', { recursive: true });
      await view.page.screenshot({ path: `test-results/abtest-${theme}.png`, fullPage: true });
    });
  }
});
