// Types for processes.mjs.
import type { RunningProcess } from './workbench.mjs';

export declare function startProcess(
  command: string,
  args: string[],
  options?: { cwd?: string; env?: NodeJS.ProcessEnv; onLine?: (line: string) => void },
): RunningProcess;
