// The built review view (dist/webview/review.js) in a real Chromium, fed by the host's real link and
// backend over the review core on PGlite: blind until I submit (nothing of the others in the page, not
// even in what was sent), the rating keys 1 / 2 / 3 (never while typing) and Ctrl+Enter, previous / next,
// the lead's verdicts side by side with the corrections as a word diff and a pick that settles the log,
// a teacher draft marked as such until edited or accepted, the guidelines beside the form as safe
// Markdown, the agreement tables, Japanese, and messages that do not fit the protocol dropped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelAsker } from '../../src/core/api/modelAsker';
import { getLog } from '../../src/core/domain/logs';
import { registerModel } from '../../src/core/domain/models';
import { assignReviews, draftProvenance, saveGuidelines, submitReview } from '../../src/core/review';
import { type StandIn, startStandIn } from '../fixtures/standIns';
import { seedReviewTeam, wrong } from '../integration/review/reviewFixtures';
import { poll } from './support/poll';
import { useReviewHarness } from './support/reviewPage';

const view = useReviewHarness();
let standIn: StandIn;
let slowStandIn: StandIn;
beforeAll(async () => {
  [standIn, slowStandIn] = await Promise.all([
    startStandIn('mlx', { args: ['--fake-answer=消費税の標準税率は10%です。', '--fake-token-delay-ms=20'] }),
    startStandIn('mlx', { args: ['--fake-token-delay-ms=400'] }),
  ]);
});
afterAll(() => Promise.all([standIn?.stop(), slowStandIn?.stop()]));

async function team(required = 2) {
  const seeded = await seedReviewTeam(view.db);
  const ids = seeded.logs.map((l) => l.id);
  await assignReviews(view.db, {
    selection: { kind: 'logs', log_ids: ids },
    reviewers: ['alice', 'bob'],
    required_reviews: required,
    lead: 'lead',
  });
  return { ...seeded, ids };
}

const button = (name: string | RegExp) =>
  view.page.getByRole('button', { name, exact: typeof name === 'string' });
const draftMark = () => view.page.locator('.draft-mark strong', { hasText: 'Draft from teacher-72b v1' });
const rating = (name: string) => view.page.getByRole('button', { name: new RegExp(`^\\d ${name}$`) });

describe('the review view', () => {
  it('is blind until I submit: no other verdict in the page or in what was sent; then they appear', async () => {
    const { ids, people } = await team();
    await submitReview(view.db, {
      log_id: ids[0]!,
      reviewer_id: people.bob.user.id,
      verdict: wrong('ボブの正解', 1),
    });
    await view.open({ user: people.alice.user, walk: 'queue' });
    await view.page.getByText('質問 1').waitFor();
    expect(await view.page.locator('.counts').textContent()).toBe('3 to review · 0 reviewed · 0 closed');
    expect(await view.page.getByText(/Blind review/).count()).toBe(1);
    const page = await view.page.content();
    for (const hidden of ['ボブの正解', '理由 1', '正解 1', 'bob']) {
      expect(page).not.toContain(hidden);
      expect(JSON.stringify(view.posted)).not.toContain(hidden);
    }

    await view.page.keyboard.press('3');
    expect(await rating('Wrong').getAttribute('aria-pressed')).toBe('true');
    await view.page.getByLabel('Reason').fill('税率が古い');
    await view.page.getByLabel('Correct answer').fill('アリスの正解');
    await view.page.getByLabel('Correct answer').press('Control+Enter');

    await view.page.getByText('Reviewers disagree: the lead decides').waitFor();
    const revealed = view.page.locator('.revealed');
    expect(await revealed.getByRole('region', { name: 'Your review' }).textContent()).toContain(
      'アリスの正解',
    );
    expect(await revealed.getByRole('region', { name: 'First rating' }).textContent()).toContain('理由 1');
    expect(await revealed.getByRole('region', { name: 'Other reviews' }).textContent()).toContain(
      'ボブの正解',
    );
    expect(await view.page.locator('.counts').textContent()).toBe('2 to review · 1 reviewed · 0 closed');
  });

  it('rates with the keys 1 / 2 / 3 but never while typing, and walks with previous / next', async () => {
    const { ids, people } = await team();
    await view.open({ user: people.alice.user, walk: 'queue' });
    await view.page.getByText('質問 1').waitFor();
    await view.page.keyboard.press('2');
    expect(await rating('Insufficient').getAttribute('aria-pressed')).toBe('true');
    await view.page.getByLabel('Reason').fill('');
    await view.page.getByLabel('Reason').press('3');
    expect(await view.page.getByLabel('Reason').inputValue()).toBe('3');
    expect(await rating('Insufficient').getAttribute('aria-pressed')).toBe('true');
    expect(await button('Submit review').isDisabled()).toBe(true);

    await button('Next').click();
    await view.page.getByText('質問 2').waitFor();
    expect(await view.page.locator('.position').textContent()).toBe('2 of 3');
    await view.page.locator('body').click();
    await view.page.keyboard.press('1');
    await button('Submit review').click();
    await view.page.getByText('Waiting for the other reviews').waitFor();
    expect(await view.db.selectFrom('log_reviews').select(['log_id', 'evaluation']).execute()).toEqual([
      { log_id: ids[1], evaluation: 1 },
    ]);

    // Back to the first: what I typed there is still in the form.
    await button('Previous').click();
    await view.page.getByText('質問 1').waitFor();
    expect(await view.page.getByLabel('Reason').inputValue()).toBe('3');
  });

  it('shows the lead the verdicts side by side with the corrections as a word diff; a pick settles the log', async () => {
    const { ids, people } = await team();
    await submitReview(view.db, {
      log_id: ids[0]!,
      reviewer_id: people.alice.user.id,
      verdict: wrong('消費税の税率は 8% です。'),
    });
    await submitReview(view.db, {
      log_id: ids[0]!,
      reviewer_id: people.bob.user.id,
      verdict: wrong('消費税の税率は 10% です。'),
    });
    await view.open({ user: people.lead.user, walk: 'disputes' });
    await view.page.getByText('They differ on the correction').waitFor();
    expect(await view.page.locator('h1').textContent()).toBe('Disagreements');
    expect(await view.page.locator('.side-by-side .verdict').count()).toBe(3);
    const diff = view.page.getByRole('region', { name: "alice's correction → bob's" });
    expect(await diff.locator('del').allTextContents()).toEqual(['8']);
    expect(await diff.locator('ins').allTextContents()).toEqual(['10']);

    await button("Pick bob's verdict").click();
    await view.page.getByText("bob's verdict was picked.").waitFor();
    expect(await getLog(view.db, ids[0]!)).toMatchObject({
      status: 3,
      correct_answer: '消費税の税率は 10% です。',
    });
    expect(await view.page.locator('.counts').textContent()).toBe('0 to resolve');
  });

  it('streams a teacher draft into the box marked "Draft from …" until edited or accepted, and records it', async () => {
    const { ids, people } = await team();
    const teacher = await registerModel(view.db, { model_name: 'teacher-72b', base_model: 'teacher' });
    await view.open({
      user: people.alice.user,
      walk: 'queue',
      asker: () => createModelAsker({ baseUrl: standIn.baseUrl, provider: 'openai' }),
      draftModel: () => teacher.id,
    });
    await view.page.getByText('質問 1').waitFor();
    await view.page.keyboard.press('3');
    expect(await button('Draft a correction').isDisabled()).toBe(true);
    await view.page.getByLabel('Reason').fill('税率が古い');
    await button('Draft a correction').click();
    await draftMark().waitFor();
    const box = view.page.getByLabel('Correct answer');
    expect(await box.inputValue()).toBe('消費税の標準税率は10%です。');
    expect(await box.getAttribute('class')).toBe('drafted');

    await button('Accept draft').click();
    await poll(() => draftMark().count()).toBe(0);
    expect(await box.getAttribute('class')).toBeNull();
    await button('Submit review').click();
    await view.page.getByText('Waiting for the other reviews').waitFor();
    expect(await draftProvenance(view.db, ids[0]!)).toMatchObject([
      { model_name: 'teacher-72b', edited: false, review_by: 'alice' },
    ]);

    // Another draft, then edited: the mark goes as soon as I type, and the record says edited.
    await button('Next').click();
    await view.page.getByText('質問 2').waitFor();
    await view.page.locator('body').click();
    await view.page.keyboard.press('2');
    await view.page.getByLabel('Reason').fill('説明が足りない');
    await button('Draft a correction').click();
    await draftMark().waitFor();
    await view.page.getByLabel('Correct answer').press('End');
    await view.page.getByLabel('Correct answer').pressSequentially('（令和元年10月から）');
    expect(await draftMark().count()).toBe(0);
    await button('Submit review').click();
    await view.page.getByText('Waiting for the other reviews').waitFor();
    expect(await draftProvenance(view.db, ids[1]!)).toMatchObject([{ edited: true }]);
    expect((await getLog(view.db, ids[1]!)).status).toBe(1);
  });

  it('cancels a draft still streaming: what the box held comes back, and nothing is recorded', async () => {
    const { ids, people } = await team();
    const teacher = await registerModel(view.db, { model_name: 'slow-teacher', base_model: 'slow' });
    await view.open({
      user: people.alice.user,
      walk: 'queue',
      asker: () => createModelAsker({ baseUrl: slowStandIn.baseUrl, provider: 'openai' }),
      draftModel: () => teacher.id,
    });
    await view.page.getByText('質問 1').waitFor();
    await view.page.keyboard.press('3');
    await view.page.getByLabel('Reason').fill('税率が古い');
    await view.page.getByLabel('Correct answer').fill('私の下書き');
    await button('Draft a correction').click();
    await view.page.getByText('Drafting with slow-teacher v1…').waitFor();
    await poll(() => view.page.getByLabel('Correct answer').inputValue()).not.toBe('');
    expect(await view.page.getByLabel('Correct answer').inputValue()).not.toBe('私の下書き');
    await button('Cancel draft').click();
    await poll(() => view.page.getByLabel('Correct answer').inputValue()).toBe('私の下書き');
    expect(await view.page.getByText('Drafting with slow-teacher v1…').count()).toBe(0);
    expect(await draftMark().count()).toBe(0);
    await button('Submit review').click();
    await view.page.getByText('Waiting for the other reviews').waitFor();
    expect(await draftProvenance(view.db, ids[0]!)).toEqual([]);
    expect((await getLog(view.db, ids[0]!)).correct_answer).toBe('正解 1');
  });

  it('shows the guidelines beside the form as safe Markdown, and the agreement as tables (Japanese)', async () => {
    const { ids, people, poc } = await team(1);
    await saveGuidelines(view.db, {
      pocId: poc.id,
      body: '## 基準\n\n税率は**最新**のものを。<img src=x onerror=alert(1)> [法令](javascript:alert(1))',
      userId: people.lead.user.id,
    });
    await submitReview(view.db, {
      log_id: ids[0]!,
      reviewer_id: people.bob.user.id,
      verdict: { evaluation: 1 },
    });
    await view.open({ user: people.alice.user, walk: 'queue', query: '?lang=ja' });
    const aside = view.page.getByRole('complementary');
    await aside.getByRole('heading', { name: `評価ガイドライン · ${poc.name}` }).waitFor();
    expect(await aside.locator('strong').textContent()).toBe('最新');
    expect(await aside.locator('img, [onerror], a[href]').count()).toBe(0);
    expect(await aside.textContent()).toContain('<img src=x onerror=alert(1)>');
    expect(await rating('間違い').count()).toBe(1);

    await view.host.link.showAgreement(poc.id, true);
    await view.page.getByRole('heading', { name: `レビューの一致度 · ${poc.name}` }).waitFor();
    const tables = view.page.locator('table');
    expect(await tables.count()).toBe(3);
    expect(await tables.nth(2).locator('tbody tr').first().locator('th, td').allTextContents()).toEqual([
      'bob',
      '1',
      '1',
      '1',
      '100%',
      '該当なし',
      '—',
    ]);
    await button('レビューに戻る').click();
    await view.page.getByRole('heading', { name: '自分のレビュー' }).waitFor();
  });

  it('drops host messages that do not fit the protocol', async () => {
    const { people } = await team();
    await view.open({ user: people.alice.user, walk: 'queue' });
    await view.page.getByText('質問 1').waitFor();
    const warnings: string[] = [];
    view.page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await view.sendRaw([
      { type: 'item', position: 0, item: { kind: 'review', log_id: 1 }, guidelines: null },
      { type: 'state', me: 'x', walk: 'all' },
      { type: 'draftDelta', request_id: 'x', text: 5 },
    ]);
    await poll(async () => warnings.length).toBe(3);
    expect(await view.page.getByText('質問 1').count()).toBe(1);
  });
});
