import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { changedKeys, parseSettings, shouldAutoStartMlx } from '../../../src/extension/settings';

describe('settings', () => {
  it('gives the defaults when nothing is set', () => {
    const { settings, problems } = parseSettings(() => undefined);
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({
      'database.connectionString': '',
      'modelServer.provider': 'mlx',
      'mlx.command': 'mlx_lm.server',
      'mlx.port': 8080,
      'api.enabled': false,
      'api.host': '127.0.0.1',
      'api.port': 8787,
    });
  });

  it('reports each bad value and uses its default, keeping the good ones', () => {
    const raw: Record<string, unknown> = {
      'database.connectionString': 'postgres://me:secret@db/llamune',
      'api.port': 70000,
      'modelServer.provider': 'gpt',
      'generation.temperature': 0.2,
    };
    const { settings, problems } = parseSettings((key) => raw[key]);
    expect(problems.map((p) => p.key).sort()).toEqual([
      'api.port',
      'database.connectionString',
      'modelServer.provider',
    ]);
    expect(problems.find((p) => p.key === 'database.connectionString')?.message).toMatch(
      /must not contain a password/,
    );
    expect(settings['database.connectionString']).toBe('');
    expect(settings['api.port']).toBe(8787);
    expect(settings['generation.temperature']).toBe(0.2);
  });

  it('rejects a connection string that is not a PostgreSQL URL', () => {
    const { problems } = parseSettings((key) =>
      key === 'database.connectionString' ? 'mysql://x' : undefined,
    );
    expect(problems[0]?.message).toMatch(/postgres:\/\//);
  });

  it('lists what changed', () => {
    const before = parseSettings(() => undefined).settings;
    const after = parseSettings((key) => (key === 'mlx.args' ? ['--max-tokens', '10'] : undefined)).settings;
    expect(changedKeys(before, after)).toEqual(['mlx.args']);
  });

  it('auto-starts MLX only on macOS arm64 unless told otherwise', () => {
    const auto = parseSettings(() => undefined).settings;
    expect(shouldAutoStartMlx(auto, 'darwin', 'arm64')).toBe(true);
    expect(shouldAutoStartMlx(auto, 'linux', 'x64')).toBe(false);
    const always = parseSettings((k) => (k === 'mlx.autoStart' ? 'always' : undefined)).settings;
    expect(shouldAutoStartMlx(always, 'linux', 'x64')).toBe(true);
    const ollama = parseSettings((k) => (k === 'modelServer.provider' ? 'ollama' : undefined)).settings;
    expect(shouldAutoStartMlx(ollama, 'darwin', 'arm64')).toBe(false);
  });
});

describe('the settings manifest', () => {
  const properties = (
    JSON.parse(readFileSync('package.json', 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { scope?: string }> } };
    }
  ).contributes.configuration.properties;

  it('lets the user settings hold the connection string in remote windows too', () => {
    // VS Code ignores a machine(-overridable) value from the user's settings in a remote window
    // (code-server, Remote-SSH) — only once it knows the schema, so the database silently changed
    // at the first settings change (seen end to end).
    const scope = properties['llamune.database.connectionString']?.scope ?? 'window';
    expect(['machine', 'machine-overridable']).not.toContain(scope);
  });
});
