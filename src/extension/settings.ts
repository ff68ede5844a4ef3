// The extension's settings, parsed with zod one key at a time: a bad value is reported and its
// default used, so one typo never disables everything. No vscode import: tested without the editor.
import * as z from 'zod';
import { describeZodError } from '../core/errors';

const port = z.number().int().min(0).max(65535);

export const settingSchemas = {
  'database.connectionString': z
    .string()
    .trim()
    .refine((s) => s === '' || /^postgres(ql)?:\/\//.test(s), 'must start with postgres:// or postgresql://')
    .refine((s) => {
      try {
        return s === '' || !new URL(s).password;
      } catch {
        return false;
      }
    }, 'must not contain a password (run "Llamune: Configure Database" to keep it in the keychain)')
    .default(''),
  'database.poolSize': z.number().int().min(1).max(50).default(5),
  'database.preparedStatements': z.boolean().default(true),
  'modelServer.provider': z.enum(['mlx', 'openai', 'ollama']).default('mlx'),
  'modelServer.baseUrl': z
    .string()
    .trim()
    .refine((s) => s === '' || /^https?:\/\/[^/]+/.test(s), 'must be an http:// or https:// URL')
    .default(''),
  'mlx.command': z.string().trim().min(1).default('mlx_lm.server'),
  'mlx.args': z.array(z.string()).default([]),
  'training.command': z.string().trim().min(1).default('mlx_lm.lora'),
  'retest.goodSample': z.number().int().min(0).max(10_000).default(20),
  'mlx.port': port.default(8080),
  'mlx.autoStart': z.enum(['auto', 'always', 'never']).default('auto'),
  'mlx.readyTimeoutSeconds': z.number().int().min(5).default(900),
  'mlx.firstTokenTimeoutSeconds': z.number().int().min(1).default(120),
  'generation.maxTokens': z.number().int().min(1).max(131072).default(2048),
  'generation.temperature': z.number().min(0).max(2).default(0.7),
  'api.enabled': z.boolean().default(false),
  'api.host': z.string().trim().min(1).default('127.0.0.1'),
  'api.port': port.min(1).default(8787),
  'user.name': z.string().trim().max(50).default(''),
} as const;

export type SettingKey = keyof typeof settingSchemas;
export type Settings = { [K in SettingKey]: z.output<(typeof settingSchemas)[K]> };

export interface SettingsProblem {
  key: SettingKey;
  message: string;
}

/** Parses raw values (undefined = not set); every invalid one falls back to its default. */
export function parseSettings(read: (key: SettingKey) => unknown): {
  settings: Settings;
  problems: SettingsProblem[];
} {
  const problems: SettingsProblem[] = [];
  const settings = {} as Record<SettingKey, unknown>;
  for (const key of Object.keys(settingSchemas) as SettingKey[]) {
    const schema = settingSchemas[key];
    const result = schema.safeParse(read(key));
    if (result.success) {
      settings[key] = result.data;
    } else {
      problems.push({ key, message: describeZodError(result.error) });
      settings[key] = schema.parse(undefined);
    }
  }
  return { settings: settings as Settings, problems };
}

/** Which keys differ between two parsed settings. */
export function changedKeys(before: Settings, after: Settings): SettingKey[] {
  return (Object.keys(settingSchemas) as SettingKey[]).filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
}

/** Auto-start of the MLX server: `auto` means only where mlx_lm.server can run (macOS on Apple Silicon). */
export function shouldAutoStartMlx(settings: Settings, platform: string, arch: string): boolean {
  if (settings['modelServer.provider'] !== 'mlx') return false;
  const mode = settings['mlx.autoStart'];
  return mode === 'always' || (mode === 'auto' && platform === 'darwin' && arch === 'arm64');
}

export function defaultBaseUrl(provider: 'openai' | 'ollama'): string {
  return provider === 'ollama' ? 'http://127.0.0.1:11434' : 'http://127.0.0.1:8080';
}
