import { expect, it } from 'vitest';
import { createPoc, getPoc, listPocs, setDefaultSystemPrompt } from '../../../src/core/domain/pocs';
import { describeEachDatabase } from '../../support/testDatabase';

describeEachDatabase('PoCs', (get) => {
  it('creates a PoC with a default system prompt and lists it', async () => {
    const poc = await createPoc(get().db, {
      name: ' 会計システム向けPoC ',
      domain: '会計',
      default_system_prompt: 'あなたは会計の専門家です',
    });
    expect(poc).toMatchObject({
      name: '会計システム向けPoC',
      domain: '会計',
      default_system_prompt: 'あなたは会計の専門家です',
    });
    expect(poc.created_at).toBeInstanceOf(Date);
    expect(await listPocs(get().db)).toEqual([poc]);
    expect(await getPoc(get().db, poc.id)).toEqual(poc);
  });

  it('changes and clears the default system prompt', async () => {
    const poc = await createPoc(get().db, { name: 'p', domain: 'legal' });
    expect(poc.default_system_prompt).toBeNull();
    expect((await setDefaultSystemPrompt(get().db, poc.id, 'be precise')).default_system_prompt).toBe(
      'be precise',
    );
    expect((await setDefaultSystemPrompt(get().db, poc.id, '')).default_system_prompt).toBeNull();
  });

  it.each([
    [{ name: '', domain: 'd' }, /name: must not be empty/],
    [{ name: '   ', domain: 'd' }, /name: must not be empty/],
    [{ name: 'x'.repeat(101), domain: 'd' }, /name: must be at most 100/],
    [{ name: 'n', domain: 'd'.repeat(101) }, /domain: must be at most 100/],
    [{ name: 'n' }, /domain/],
    [{ name: 'n', domain: 'd', extra: 1 }, /extra/],
    [{ name: 5, domain: 'd' }, /name/],
  ])('rejects bad input %j and writes nothing', async (input, message) => {
    await expect(createPoc(get().db, input as never)).rejects.toMatchObject({
      kind: 'invalid',
      message: expect.stringMatching(message),
    });
    expect(await listPocs(get().db)).toEqual([]);
  });

  it('reports a missing PoC as not found', async () => {
    await expect(getPoc(get().db, 999)).rejects.toMatchObject({ kind: 'not_found' });
    await expect(setDefaultSystemPrompt(get().db, 999, 'x')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(getPoc(get().db, -1)).rejects.toMatchObject({ kind: 'invalid' });
  });
});
