// Once per end-to-end run: the code-server harness installed (a no-op after the first time) and the
// extension packaged into a .vsix, exactly as users get it.
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { installHarness } from '../../scripts/e2e/installHarness.mjs';
import { packageExtension } from '../../scripts/e2e/packageExtension.mjs';

export default async function setup(project: TestProject) {
  const started = Date.now();
  const { entry, installed } = await installHarness();
  const harnessMs = Date.now() - started;
  const packaged = Date.now();
  const vsix = await packageExtension(join(process.cwd(), '.cache', 'e2e', 'llamune-poc.vsix'));
  console.log(
    `e2e setup: harness ${installed ? 'installed' : 'ready'} in ${(harnessMs / 1000).toFixed(1)} s; ` +
      `.vsix ${(vsix.bytes / 1024 / 1024).toFixed(2)} MB packaged in ${((Date.now() - packaged) / 1000).toFixed(1)} s`,
  );
  project.provide('e2e', { entry, vsix: vsix.path, vsixBytes: vsix.bytes });
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: { entry: string; vsix: string; vsixBytes: number };
  }
}
