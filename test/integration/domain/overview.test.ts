import { expect, it } from 'vitest';
import { evaluateLog } from '../../../src/core/domain/logs';
import { registerModel } from '../../../src/core/domain/models';
import { getSessionSummary, listModelSummaries, listPocSummaries } from '../../../src/core/domain/overview';
import { createPoc } from '../../../src/core/domain/pocs';
import { seedLog, seedSession } from '../../support/fixtures';
import { describeEachDatabase } from '../../support/testDatabase';

describeEachDatabase('overview for the Evaluate view', (get) => {
  it('counts sessions per PoC and per model, including none', async () => {
    const { poc, model } = await seedSession(get().db);
    const empty = await createPoc(get().db, { name: 'empty', domain: 'd' });
    const unused = await registerModel(get().db, { model_name: 'zz' });
    expect((await listPocSummaries(get().db)).map((p) => [p.id, p.session_count])).toEqual([
      [poc.id, 1],
      [empty.id, 0],
    ]);
    expect((await listModelSummaries(get().db)).map((m) => [m.id, m.session_count])).toEqual([
      [model.id, 1],
      [unused.id, 0],
    ]);
  });

  it('summarises a session: questions asked and rated', async () => {
    const { session } = await seedSession(get().db);
    const a = await seedLog(get().db, session.id);
    await seedLog(get().db, session.id);
    await evaluateLog(get().db, a.id, { evaluation: 1 });
    expect(await getSessionSummary(get().db, session.id)).toMatchObject({
      question_count: 2,
      rated_count: 1,
    });
  });
});
