// Why a training run failed, in words a person can act on: the run's exit and its last output lines
// become one TrainingFailure kind with a message and, when the fix is known, advice (out of memory →
// smaller batches; trainer missing → how to install it).
import type { TrainingArgs, TrainingFailure } from './events';

export const installAdvice =
  'Install it with `pip install mlx-lm` (macOS on Apple Silicon), or set `llamune.training.command` to the trainer to run.';

const outOfMemory = [
  /Insufficient Memory/i,
  /kIOGPUCommandBufferCallbackErrorOutOfMemory/,
  /out of memory/i,
  /(?:^|\s)MemoryError\b/,
];

/** python3 without the mlx_lm module (`python3 -m mlx_lm lora`). */
const noMlxModule = /No module named '?mlx_lm/;
/** sh's `exec` of a program that vanished after it was looked up: exit code 127 and sh's complaint. */
const execFailed = /not found|No such file or directory/;

export type CommandProblem = 'missing' | 'not_executable' | 'no_module';

export function notInstalledFailure(
  command: string,
  problem: CommandProblem,
  exit: { code: number | null; signal: string | null; lastLines: string[] } = {
    code: null,
    signal: null,
    lastLines: [],
  },
): TrainingFailure {
  const where = command.includes('/') ? '' : ' on PATH';
  const message =
    problem === 'not_executable'
      ? `The training command ${command} is not executable.`
      : problem === 'no_module'
        ? `Python could not find the mlx_lm module (training command "${command}").`
        : `The training command "${command}" was not found${where}.`;
  const advice =
    problem === 'not_executable'
      ? 'Make it executable (chmod +x), or set `llamune.training.command` to the right program.'
      : installAdvice;
  return { kind: 'not_installed', message, advice, ...exit };
}

/** The spawn itself failed (e.g. the working folder is gone): nothing ran. */
export function notStartedFailure(command: string, error: Error): TrainingFailure {
  return {
    kind: 'exited',
    message: `The training command "${command}" could not be started: ${error.message}`,
    lastLines: [],
    code: null,
    signal: null,
  };
}

export interface RunFacts {
  command: string;
  args: Pick<TrainingArgs, 'batchSize' | 'numLayers' | 'extraArgs' | 'adapterPath'>;
  code: number | null;
  signal: string | null;
  /** We stopped it (cancel), as opposed to it stopping by itself or being killed by someone else. */
  cancelled: boolean;
  lastLines: string[];
  /** The adapter files that this run did not write into the adapter folder. */
  missingFiles: string[];
}

function how(code: number | null, signal: string | null): string {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

/** What lowers the memory a run needs, given its settings: "reduce --batch-size (now 4) or …". */
function memoryFix(args: RunFacts['args']): string {
  const reduce = [
    ...(args.batchSize > 1 ? [`--batch-size (now ${args.batchSize})`] : []),
    ...(args.numLayers !== 1
      ? [`--num-layers (now ${args.numLayers === -1 ? 'all layers' : args.numLayers})`]
      : []),
  ];
  const instead = args.extraArgs.includes('--grad-checkpoint')
    ? 'lower --max-seq-length'
    : 'add --grad-checkpoint';
  return reduce.length === 0 ? instead : `reduce ${reduce.join(' or ')}, or ${instead}`;
}

const sentence = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}.`;

/** The last line that reads like a Python exception (`ValueError: …`), which says what went wrong. */
function lastException(lines: string[]): string | undefined {
  return lines.findLast((line) => /^\s*[A-Za-z_][\w.]*(?:Error|Exception)\b:?/.test(line))?.trim();
}

/** Advice for failures lora.py explains itself. */
function knownAdvice(lines: string[]): string | undefined {
  const text = lines.join('\n');
  if (/Training set not found or empty/.test(text))
    return 'Choose an export folder that holds a train.jsonl with at least one example (and a valid.jsonl).';
  const layers = /Requested to train (-?\d+) layers but the model only has (\d+) layers/.exec(text);
  if (layers) return `Set --num-layers to ${layers[2]} or fewer, or -1 for all layers.`;
  if (/No such file or directory/.test(text) && /resume_adapter_file|Loading fine-tuned weights/.test(text))
    return 'Check the adapter to resume from (--resume-adapter-file): the file was not found.';
  return undefined;
}

/** The failure a finished run amounts to, or undefined when it succeeded. */
export function classifyRun(facts: RunFacts): TrainingFailure | undefined {
  const { code, signal, lastLines } = facts;
  const exit = { code, signal, lastLines };
  // A run that finished by itself, adapter written, just as the cancel came is still a success.
  const finished = code === 0 && signal === null && facts.missingFiles.length === 0;
  if (facts.cancelled && !finished) return { kind: 'cancelled', message: 'Training was cancelled.', ...exit };
  const failed = code !== 0 || signal !== null;
  if (failed && lastLines.some((line) => outOfMemory.some((pattern) => pattern.test(line)))) {
    return {
      kind: 'out_of_memory',
      message: `Training ran out of memory (${how(code, signal)}).`,
      advice: sentence(memoryFix(facts.args)),
      ...exit,
    };
  }
  if (failed && lastLines.some((line) => noMlxModule.test(line))) {
    return notInstalledFailure(facts.command, 'no_module', exit);
  }
  if (code === 127 && lastLines.some((line) => execFailed.test(line))) {
    return notInstalledFailure(facts.command, 'missing', exit);
  }
  if (failed) {
    const exception = lastException(lastLines);
    const advice =
      knownAdvice(lastLines) ??
      (signal === 'SIGKILL'
        ? `The system may have stopped it for lack of memory: ${memoryFix(facts.args)}.`
        : undefined);
    return {
      kind: 'exited',
      message: `Training stopped with ${how(code, signal)}${exception ? `: ${exception}` : '.'}`,
      ...(advice && { advice }),
      ...exit,
    };
  }
  if (facts.missingFiles.length > 0) {
    return {
      kind: 'no_adapter',
      message: `Training finished without writing ${facts.missingFiles.join(' and ')} into ${facts.args.adapterPath}.`,
      advice:
        'Check that no extra argument sends the adapter elsewhere (--adapter-path) and that the folder can be written.',
      ...exit,
    };
  }
  return undefined;
}
