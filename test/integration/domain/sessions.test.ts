import { expect, it } from 'vitest';
import { registerModel } from '../../../src/core/domain/models';
import { createPoc } from '../../../src/core/domain/pocs';
import { endSession, getSession, listSessions, startSession } from '../../../src/core/domain/sessions';
import { createUser } from '../../../src/core/domain/users';
import { seedSession } from '../../support/fixtures';
import { describeEachDatabase } from '../../support/testDatabase';

describeEachDatabase('sessions', (get) => {
  it('starts a session with a snapshot of the system prompt and the names the API returns', async () => {
    const { session, poc, model } = await seedSession(get().db, { systemPrompt: 'snapshot' });
    expect(session).toMatchObject({
      poc_id: poc.id,
      model_id: model.id,
      system_prompt: 'snapshot',
      ended_at: null,
      poc_name: poc.name,
      model_name: 'qwen2.5:14b',
      model_version: 1,
    });
    expect(Math.abs(session.started_at.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("takes the PoC's default prompt when none is given, and keeps the snapshot when the default changes", async () => {
    const db = get().db;
    const { user } = await createUser(db, 'u');
    const poc = await createPoc(db, { name: 'p', domain: 'd', default_system_prompt: 'v1' });
    const model = await registerModel(db, { model_name: 'm' });
    const session = await startSession(db, { user_id: user.id, poc_id: poc.id, model_id: model.id });
    expect(session.system_prompt).toBe('v1');
    await db.updateTable('poc').set({ default_system_prompt: 'v2' }).execute();
    expect((await getSession(db, session.id)).system_prompt).toBe('v1');
    const none = await startSession(db, {
      user_id: user.id,
      poc_id: poc.id,
      model_id: model.id,
      system_prompt: null,
    });
    expect(none.system_prompt).toBeNull();
  });

  it('ends a session once; the second time is a conflict', async () => {
    const { session } = await seedSession(get().db);
    const ended = await endSession(get().db, session.id);
    expect(ended.ended_at).toBeInstanceOf(Date);
    await expect(endSession(get().db, session.id)).rejects.toMatchObject({
      kind: 'conflict',
      code: 'session_ended',
    });
    expect((await getSession(get().db, session.id)).ended_at).toEqual(ended.ended_at);
  });

  it("hides another user's session", async () => {
    const mine = await seedSession(get().db);
    const theirs = await seedSession(get().db);
    await expect(getSession(get().db, theirs.session.id, { userId: mine.user.id })).rejects.toMatchObject({
      kind: 'not_found',
    });
    await expect(endSession(get().db, theirs.session.id, { userId: mine.user.id })).rejects.toMatchObject({
      kind: 'not_found',
    });
    expect((await getSession(get().db, theirs.session.id)).ended_at).toBeNull();
  });

  it('names what is missing: PoC, model or user', async () => {
    const { user, poc, model } = await seedSession(get().db);
    await expect(
      startSession(get().db, { user_id: user.id, poc_id: 999, model_id: model.id }),
    ).rejects.toMatchObject({ code: 'poc_not_found' });
    await expect(
      startSession(get().db, { user_id: user.id, poc_id: poc.id, model_id: 999 }),
    ).rejects.toMatchObject({ code: 'model_not_found' });
    await expect(
      startSession(get().db, { user_id: 999, poc_id: poc.id, model_id: model.id }),
    ).rejects.toMatchObject({ code: 'user_not_found' });
    expect(await listSessions(get().db)).toHaveLength(1);
  });

  it.each([
    [{ poc_id: '1', model_id: 1 }],
    [{ poc_id: 1.5, model_id: 1 }],
    [{ poc_id: 1, model_id: 1, system_prompt: 3 }],
    [{ poc_id: 1, model_id: 1, extra: 1 }],
  ])('rejects %j and writes nothing', async (input) => {
    const { user } = await seedSession(get().db);
    await expect(
      startSession(get().db, { user_id: user.id, ...(input as object) } as never),
    ).rejects.toMatchObject({ kind: 'invalid' });
    expect(await listSessions(get().db)).toHaveLength(1);
  });

  it('lists open sessions of a user newest first', async () => {
    const a = await seedSession(get().db);
    const second = await startSession(get().db, {
      user_id: a.user.id,
      poc_id: a.poc.id,
      model_id: a.model.id,
    });
    await endSession(get().db, a.session.id);
    expect((await listSessions(get().db, { userId: a.user.id })).map((s) => s.id)).toEqual([
      second.id,
      a.session.id,
    ]);
    expect((await listSessions(get().db, { userId: a.user.id, open: true })).map((s) => s.id)).toEqual([
      second.id,
    ]);
  });
});
