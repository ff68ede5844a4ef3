// Draft corrections from a teacher model, through the real model-server client and the MLX stand-in:
// the prompt carries the question, the wrong answer and the reason; the draft streams; its provenance
// is written only when a person saves a correction made from it; a blind reviewer must give a reason.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createModelAsker } from '../../../src/core/api/modelAsker';
import { registerModel } from '../../../src/core/domain/models';
import {
  assignReviews,
  draftCorrection,
  draftProvenance,
  recordDraftForLog,
  submitReview,
} from '../../../src/core/review';
import { type StandIn, startStandIn } from '../../fixtures/standIns';
import { describeEachDatabase } from '../../support/testDatabase';
import { reviewRowCounts, seedReviewTeam } from './reviewFixtures';

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startStandIn('mlx');
});
afterAll(() => standIn.stop());

describeEachDatabase('teacher drafts', (get) => {
  const db = () => get().db;
  const asker = () => createModelAsker({ baseUrl: standIn.baseUrl, provider: 'openai' });

  it('streams a draft from the chosen model and records it once a reviewer saves a correction made from it', async () => {
    const { logs, people } = await seedReviewTeam(db());
    const teacher = await registerModel(db(), {
      model_name: 'mlx-community/Qwen2.5-72B-Instruct-4bit',
      base_model: 'qwen2.5-72b',
    });
    const log = logs[0]!;
    await assignReviews(db(), {
      selection: { kind: 'logs', log_ids: [log.id] },
      reviewers: ['alice', 'bob'],
      required_reviews: 2,
      lead: 'lead',
    });
    const alice = people.alice.user.id;

    // Blind: alice has not reviewed, so the first rater's reason is not hers to use.
    await expect(
      draftCorrection(db(), asker(), {
        log_id: log.id,
        model_id: teacher.id,
        user_id: alice,
        signal: new AbortController().signal,
      }),
    ).rejects.toMatchObject({ kind: 'invalid', code: 'draft_reason_required' });
    await expect(
      draftCorrection(db(), asker(), {
        log_id: log.id,
        model_id: teacher.id,
        user_id: people.carol.user.id,
        reason: 'x',
        evaluation: 3,
        signal: new AbortController().signal,
      }),
    ).rejects.toMatchObject({ kind: 'not_found' });

    const draft = await draftCorrection(db(), asker(), {
      log_id: log.id,
      model_id: teacher.id,
      user_id: alice,
      evaluation: 3,
      reason: '税率が古い',
      signal: new AbortController().signal,
    });
    const pieces: string[] = [];
    for await (const piece of draft) pieces.push(piece);
    const result = await draft.result;
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(result.text);
    // The stand-in echoes the model, the roles and the question it was sent.
    expect(result.text).toContain('model=mlx-community/Qwen2.5-72B-Instruct-4bit');
    expect(result.text).toContain('roles=system,user');
    expect(result.text).toMatch(/Question:\n<<<\n質問 1\n>>>/);
    expect(result.text).toMatch(/rated wrong:\n<<<\n回答 1\n>>>/);
    expect(result.text).toContain('税率が古い');
    expect(result).toMatchObject({ log_id: log.id, model_id: teacher.id, model_name: teacher.model_name });
    expect(await reviewRowCounts(db())).toMatchObject({ correction_drafts: 0 });

    await submitReview(db(), {
      log_id: log.id,
      reviewer_id: alice,
      verdict: { evaluation: 3, reason: '税率が古い', correct_answer: `${result.text}\n（確認済み）` },
      draft: { model_id: teacher.id, drafted_at: result.drafted_at, text: result.text },
    });
    await submitReview(db(), {
      log_id: log.id,
      reviewer_id: people.bob.user.id,
      verdict: { evaluation: 3, reason: 'r', correct_answer: result.text },
      draft: { model_id: teacher.id, drafted_at: result.drafted_at, text: result.text },
    });
    expect(await draftProvenance(db(), log.id)).toEqual([
      expect.objectContaining({
        model_name: teacher.model_name,
        edited: true,
        saved_by: 'alice',
        review_by: 'alice',
      }),
      expect.objectContaining({
        model_name: teacher.model_name,
        edited: false,
        saved_by: 'bob',
        review_by: 'bob',
      }),
    ]);
  });

  it('drafts from the log’s own rating for its rater, refuses a log rated 良い, and records a draft saved on the log', async () => {
    const { logs, people } = await seedReviewTeam(db());
    const teacher = await registerModel(db(), { model_name: 'teacher', base_model: 'teacher' });
    const rater = people.rater.user.id;
    const signal = new AbortController().signal;
    const draft = await draftCorrection(db(), asker(), {
      log_id: logs[1]!.id,
      model_id: teacher.id,
      user_id: rater,
      signal,
    });
    const { text, drafted_at } = await draft.result;
    expect(text).toContain('rated insufficient');
    expect(text).toContain('理由 2');
    await expect(
      draftCorrection(db(), asker(), { log_id: logs[2]!.id, model_id: teacher.id, user_id: rater, signal }),
    ).rejects.toMatchObject({ code: 'draft_needs_wrong_answer' });
    await expect(
      draftCorrection(db(), asker(), { log_id: logs[1]!.id, model_id: 999, user_id: rater, signal }),
    ).rejects.toMatchObject({ kind: 'not_found' });

    await recordDraftForLog(db(), {
      logId: logs[1]!.id,
      userId: rater,
      draft: { model_id: teacher.id, drafted_at, text },
      savedCorrection: text,
    });
    await expect(
      recordDraftForLog(db(), {
        logId: logs[1]!.id,
        userId: rater,
        draft: { model_id: teacher.id, drafted_at, text },
        savedCorrection: null,
      }),
    ).rejects.toMatchObject({ code: 'draft_without_correction' });
    expect(await draftProvenance(db(), logs[1]!.id)).toEqual([
      expect.objectContaining({ model_id: teacher.id, edited: false, saved_by: 'rater', review_by: null }),
    ]);
  });

  it('fails with the model server’s error and records nothing when the server is down', async () => {
    const { logs, people } = await seedReviewTeam(db());
    const teacher = await registerModel(db(), { model_name: 'teacher', base_model: 'teacher' });
    const down = createModelAsker({ baseUrl: 'http://127.0.0.1:9', provider: 'openai' });
    const attempt = async () => {
      const draft = await draftCorrection(db(), down, {
        log_id: logs[0]!.id,
        model_id: teacher.id,
        user_id: people.rater.user.id,
        signal: new AbortController().signal,
      });
      return draft.result;
    };
    await expect(attempt()).rejects.toMatchObject({ code: 'model_server_unreachable' });
    expect(await reviewRowCounts(db())).toMatchObject({ correction_drafts: 0 });
  });
});
