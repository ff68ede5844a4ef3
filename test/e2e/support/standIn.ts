// The stand-in mlx_lm.server as the extension's MLX command. `llamune.mlx.command` is machine-scoped,
// and a code-server window is remote: VS Code reads such settings only from the remote machine's
// settings (<user-data>/Machine/settings.json), never from the user's, so they are written there.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionOptions } from './workbench';

export const FAKE_MLX_SERVER = join(process.cwd(), 'test', 'fixtures', 'fake-mlx-server.mjs');

type Prepare = NonNullable<SessionOptions['prepare']>;

/** A `prepare` for useWorkbench: machine settings with the stand-in as the MLX command on a free port. */
export function withStandInMlx(extra: Record<string, unknown> = {}): Prepare {
  return async (profile) => {
    const dir = join(profile.userDataDir, 'Machine');
    await mkdir(dir, { recursive: true });
    const settings = { 'llamune.mlx.command': FAKE_MLX_SERVER, 'llamune.mlx.port': 0, ...extra };
    await writeFile(join(dir, 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  };
}
