// Helpers for the supervisor tests: state history, waiting for a state (an event, with a deadline),
// and whether a pid still runs (a zombie nobody reaps counts as gone).
import { readFileSync } from 'node:fs';
import type { MlxSupervisor } from '../../src/core/supervisor/mlxSupervisor';
import type { SupervisorState, SupervisorStateName } from '../../src/core/supervisor/options';

export function recordStates(supervisor: MlxSupervisor): SupervisorState[] {
  const states: SupervisorState[] = [];
  supervisor.onStateChange((state) => states.push(state));
  return states;
}

export function waitForState(
  supervisor: MlxSupervisor,
  name: SupervisorStateName,
  timeoutMs = 10_000,
  accept: (state: SupervisorState) => boolean = () => true,
  trigger?: () => unknown,
): Promise<SupervisorState> {
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    const timer = setTimeout(() => {
      unsubscribe();
      reject(
        new Error(
          `No state ${name} within ${timeoutMs} ms; saw ${seen.join(' → ')}; now ${JSON.stringify(supervisor.state)}`,
        ),
      );
    }, timeoutMs);
    const check = (state: SupervisorState) => {
      seen.push(state.name);
      if (state.name !== name || !accept(state)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(state);
    };
    const unsubscribe = supervisor.onStateChange(check);
    if (trigger) void trigger();
    else check(supervisor.state);
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // Linux: a zombie whose parent died is gone for our purposes (PID 1 may never reap it).
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}
