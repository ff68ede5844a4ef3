// The end-to-end fixture: `useWorkbench(name, options)` gives a test file one code-server workbench
// with the packaged extension, started before its tests and always stopped after them. Screenshots
// go to test-results/e2e/<name>/; a failed test adds its screenshot and every log there.
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { startWorkbench, type Workbench, type WorkbenchOptions } from '../../../scripts/e2e/workbench.mjs';

export type { Workbench };
export type SessionOptions = Pick<WorkbenchOptions, 'settings' | 'locale' | 'env' | 'prepare'>;

export const ARTIFACTS_ROOT = join(process.cwd(), 'test-results', 'e2e');

/** Starts the workbench in `beforeAll`; the returned getter is valid inside tests. */
export function useWorkbench(name: string, options: SessionOptions = {}): () => Workbench {
  let workbench: Workbench | undefined;
  beforeAll(async () => {
    const { entry, vsix } = inject('e2e');
    workbench = await startWorkbench({
      ...options,
      entry,
      vsix,
      profileDir: join(process.cwd(), '.cache', 'e2e', 'runs', name),
      artifactsDir: join(ARTIFACTS_ROOT, name),
    });
    const t = workbench.timings;
    console.log(
      `[${name}] extension installed in ${t.installExtension} ms, code-server up in ${t.startCodeServer} ms, ` +
        `Chromium in ${t.launchChromium} ms, workbench drawn in ${t.openWorkbench} ms`,
    );
  });
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      const dir = await workbench?.saveFailureArtifacts(`failed-${task.name.replace(/[^\w-]+/g, '-')}`);
      if (dir) console.error(`[${name}] failure artifacts: ${dir}`);
    });
  });
  afterAll(async () => {
    await workbench?.close();
  });
  return () => {
    if (!workbench) throw new Error(`the workbench "${name}" did not start`);
    return workbench;
  };
}
