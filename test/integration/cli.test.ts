// The CLI as a user runs it: a real process against a real PostgreSQL database.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/core/domain/users';
import { writeAdapterFolder } from '../support/adapterFolder';
import { runCli } from '../support/runCli';
import { createTestDatabase, type TestDatabase, truncateAll } from '../support/testDatabase';

let database: TestDatabase & { dispose(): Promise<void> };
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  env = { DATABASE_URL: database.url };
});
afterAll(() => database.dispose());
beforeEach(() => truncateAll(database.db));

describe('llamune-poc CLI', () => {
  it('migrates, and migrating again is a no-op', async () => {
    const first = await runCli(['migrate'], env);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stderr).toMatch(/is up to date/);
    expect((await runCli(['migrate'], env)).code).toBe(0);
  });

  it('creates a user and prints the key alone on the last line of stdout; the database holds its digest', async () => {
    const result = await runCli(['user', 'create', 'tanaka'], env);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    const key = lines.at(-1)!;
    expect(key).toMatch(/^llm_[\w-]{32}$/);
    expect(result.stderr).toMatch(/shown only this once/);
    const row = await database.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ username: 'tanaka', api_key: hashApiKey(key) });
    const again = await runCli(['user', 'create', 'tanaka'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    const list = await runCli(['user', 'list', '--json'], env);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ username: 'tanaka' })]);
    expect(list.stdout).not.toContain(row.api_key);
  });

  it('rotates a key', async () => {
    const created = await runCli(['user', 'create', 'sato'], env);
    const rotated = await runCli(['user', 'rotate-key', 'sato'], env);
    expect(rotated.code).toBe(0);
    const key = rotated.stdout.trim();
    expect(key).not.toBe(created.stdout.trim());
    const row = await database.db.selectFrom('users').select('api_key').executeTakeFirstOrThrow();
    expect(row.api_key).toBe(hashApiKey(key));
  });

  it('creates and lists PoCs', async () => {
    const created = await runCli(
      [
        'poc',
        'create',
        '--name',
        '会計システム向けPoC',
        '--domain',
        '会計',
        '--system-prompt',
        'あなたは会計の専門家です',
      ],
      env,
    );
    expect(created.code).toBe(0);
    const id = Number(created.stdout.trim());
    const table = await runCli(['poc', 'list'], env);
    expect(table.stdout).toMatch(/ID\s+NAME\s+DOMAIN/);
    expect(table.stdout).toContain('会計システム向けPoC');
    const json = JSON.parse((await runCli(['poc', 'list', '--json'], env)).stdout);
    expect(json).toEqual([
      expect.objectContaining({
        id,
        name: '会計システム向けPoC',
        domain: '会計',
        default_system_prompt: 'あなたは会計の専門家です',
      }),
    ]);
  });

  it('registers models and next versions, and lists them', async () => {
    expect(
      (
        await runCli(
          ['model', 'add', '--name', 'qwen2.5:14b', '--base-model', 'qwen2.5', '--provider', 'ollama'],
          env,
        )
      ).code,
    ).toBe(0);
    const next = await runCli(
      [
        'model',
        'add-version',
        '--name',
        'qwen2.5:14b',
        '--base-model',
        'qwen2.5',
        '--adapter-path',
        '/adapters/v2',
        '--trained-at',
        '2026-11-20T10:00:00Z',
        '--json',
      ],
      env,
    );
    expect(next.code).toBe(0);
    expect(JSON.parse(next.stdout)).toMatchObject({
      version: 2,
      adapter_path: '/adapters/v2',
      trained_at: '2026-11-20T10:00:00.000Z',
    });
    const list = JSON.parse((await runCli(['model', 'list', '--json'], env)).stdout);
    expect(list.map((m: { version: number }) => m.version)).toEqual([1, 2]);
  });

  it('registers a version trained from a model with its adapter, refuses a folder that is not one, and prints the lineage', async () => {
    const base = await runCli(['model', 'add', '--name', 'qwen2.5:14b', '--base-model', 'qwen2.5'], env);
    const baseId = base.stdout.trim();
    const adapter = await writeAdapterFolder(await mkdtemp(join(tmpdir(), 'llamune-cli-adapter-')));
    const notAdapter = await runCli(
      ['model', 'add-version', '--from', baseId, '--adapter-path', tmpdir()],
      env,
    );
    expect(notAdapter.code).toBe(2);
    expect(notAdapter.stderr).toMatch(/is not an mlx_lm adapter folder: it has no adapters.safetensors/);
    const other = await writeAdapterFolder(await mkdtemp(join(tmpdir(), 'llamune-cli-adapter-')), {
      model: 'llama3',
    });
    const mismatch = await runCli(['model', 'add-version', '--from', baseId, '--adapter-path', other], env);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(/trained on llama3 .* Register anyway/);
    const v2 = await runCli(
      ['model', 'add-version', '--from', baseId, '--adapter-path', adapter, '--description', 'v2', '--json'],
      env,
    );
    expect(v2.code).toBe(0);
    expect(v2.stderr).toMatch(/Registered "qwen2.5" version 2 \(from qwen2.5:14b v1\)/);
    expect(JSON.parse(v2.stdout)).toMatchObject({ version: 2, base_model: 'qwen2.5', adapter_path: adapter });
    const lineage = await runCli(['model', 'lineage'], env);
    expect(lineage.code).toBe(0);
    expect(lineage.stdout).toMatch(/qwen2.5 v1/);
    expect(lineage.stdout).toMatch(new RegExp(`└ qwen2.5 v2 +${adapter}`));
    const json = JSON.parse((await runCli(['model', 'lineage', '--json'], env)).stdout);
    expect(json[0].children[0]).toMatchObject({ parentId: Number(baseId), model: { version: 2 } });
  });

  it.each([
    [['bogus'], /unknown command 'bogus'/],
    [['poc', 'create', '--name', 'x'], /required option '--domain <domain>'/],
    [['poc', 'create', '--name', '', '--domain', 'd'], /name: must not be empty/],
    [['poc', 'create', '--name', 'x'.repeat(101), '--domain', 'd'], /at most 100/],
    [['poc', 'list', '--bogus'], /unknown option '--bogus'/],
    [['model', 'add'], /required option '--name <model>'/],
    [['model', 'add', '--name', 'm', '--version', 'two'], /--version: must be a whole number/],
    [['model', 'add', '--name', 'm', '--version', '0'], /--version: must be a whole number/],
    [['model', 'add', '--name', 'm', '--provider', 'gpt'], /--provider: must be mlx, ollama or openai/],
    [['model', 'add', '--name', 'm', '--trained-at', 'yesterday'], /--trained-at: must be an ISO-8601 time/],
    [['model', 'add-version', '--name', 'm'], /give --from <id> \(the model it was trained from\)/],
    [['model', 'add-version', '--from', 'x', '--adapter-path', '/a'], /--from: must be a model id/],
    [['model', 'add-version', '--from', '1'], /--adapter-path: is required with --from/],
    [['user', 'create'], /missing required argument 'name'/],
    [['user', 'create', 'two words'], /must not contain spaces/],
  ])('exits 2 with a clear message for %j and writes nothing', async (args, message) => {
    const result = await runCli(args, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    for (const table of ['poc', 'models', 'users'] as const) {
      expect(await database.db.selectFrom(table).select('id').execute()).toEqual([]);
    }
  });

  it('prints help everywhere with exit code 0', async () => {
    for (const args of [
      ['--help'],
      ['poc', '--help'],
      ['poc', 'create', '--help'],
      ['model', 'add', '--help'],
      ['user', 'create', '--help'],
    ]) {
      const result = await runCli(args, env);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/Usage: llamune-poc/);
    }
  });

  it('fails with exit code 1 and a clear message when the database cannot be reached', async () => {
    const result = await runCli(['poc', 'list'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: Nothing accepts connections at postgres:\/\/postgres@127.0.0.1:1\/nowhere. Is the PostgreSQL server running/m,
    );
  });

  it('takes LLAMUNE_DB_PREPARED_STATEMENTS on or off, and refuses anything else with exit code 2', async () => {
    for (const value of ['on', 'off']) {
      const result = await runCli(['poc', 'list'], { ...env, LLAMUNE_DB_PREPARED_STATEMENTS: value });
      expect(result.code, value).toBe(0);
    }
    const bad = await runCli(['poc', 'list'], { ...env, LLAMUNE_DB_PREPARED_STATEMENTS: 'maybe' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: LLAMUNE_DB_PREPARED_STATEMENTS must be on or off$/m);
  });
});
