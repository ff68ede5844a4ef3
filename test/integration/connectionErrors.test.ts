// Database connection failures come back as advice, with the password never shown.
import { describe, expect, it } from 'vitest';
import { openDatabase, withPassword } from '../../src/core/db/open';
import { postgresUrlFor } from '../support/postgresUrl';

describe('openDatabase on PostgreSQL', () => {
  it('says when nothing listens', async () => {
    await expect(
      openDatabase({ kind: 'postgres', url: 'postgres://u:secret@127.0.0.1:1/db' }),
    ).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringMatching(
        /Nothing accepts connections at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/db/,
      ),
    });
  });

  it('says when the database does not exist', async () => {
    await expect(
      openDatabase({ kind: 'postgres', url: postgresUrlFor('no_such_db_llamune') }),
    ).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringMatching(/does not exist.*createdb/),
    });
  });

  it('never puts the password in its message', async () => {
    const error = await openDatabase({ kind: 'postgres', url: 'postgres://u:hunter2@127.0.0.1:1/db' }).catch(
      (e) => e,
    );
    expect(String(error.message)).not.toContain('hunter2');
  });

  it('rejects an invalid configuration', async () => {
    await expect(openDatabase({ kind: 'postgres', url: '' })).rejects.toThrow(/connection string is empty/);
  });
});

describe('withPassword', () => {
  it('puts a password kept elsewhere (SecretStorage) into the URL, encoded', async () => {
    const url = withPassword('postgres://team@db.example:5432/llamune?sslmode=require', 'p@ss:w/rd');
    expect(new URL(url).password).toBe('p%40ss%3Aw%2Frd');
    expect(decodeURIComponent(new URL(url).password)).toBe('p@ss:w/rd');
    expect(url).toMatch(/sslmode=require$/);
    expect(withPassword('postgres://a@h/d', undefined)).toBe('postgres://a@h/d');
  });
});
