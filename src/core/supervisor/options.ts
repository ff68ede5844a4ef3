// What the MLX supervisor is configured with and what it publishes: options (validated once, with the
// defaults the product documents) and the state union every surface renders.
import * as z from 'zod';

export const supervisorOptionsSchema = z.object({
  /** Program to run; unset = `mlx_lm.server` on PATH, else `python3 -m mlx_lm server`. */
  command: z.string().min(1).optional(),
  /** Extra arguments after the ones the supervisor sets (e.g. `--log-level`, `--max-tokens`). */
  args: z.array(z.string()).default([]),
  host: z.string().min(1).default('127.0.0.1'),
  /** 0 = a free port chosen at each start. A fixed port lets an already running server be adopted. */
  port: z.int().min(0).max(65_535).default(0),
  model: z.string().min(1).optional(),
  adapterPath: z.string().min(1).optional(),
  /** From spawn to ready: /health answering and a one-token completion (a first download can take minutes). */
  readinessTimeoutMs: z.int().positive().default(600_000),
  /** A request with no first token in this time while /health answers means the server is wedged. */
  firstTokenTimeoutMs: z.int().positive().default(120_000),
  /** SIGTERM, then SIGKILL after this long. */
  stopGraceMs: z.int().positive().default(5_000),
  backoff: z
    .object({ initialMs: z.int().positive().default(1_000), maxMs: z.int().positive().default(30_000) })
    .default({ initialMs: 1_000, maxMs: 30_000 }),
  /** This many crashes within the window and the supervisor stays `failed`. */
  crashLimit: z
    .object({ count: z.int().positive().default(5), windowMs: z.int().positive().default(120_000) })
    .default({ count: 5, windowMs: 120_000 }),
  healthIntervalMs: z.int().positive().default(250),
  /** Merged over the process environment for the server. */
  env: z.record(z.string(), z.string()).default({}),
  cwd: z.string().optional(),
});

export type SupervisorSettings = z.output<typeof supervisorOptionsSchema>;

export interface OutputLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

export type MlxSupervisorOptions = z.input<typeof supervisorOptionsSchema> & {
  /** Receives every line the server prints (an output channel, the CLI's stderr). */
  onLine?: (line: OutputLine) => void;
};

export type SupervisorStateName =
  | 'stopped'
  | 'starting'
  | 'loading'
  | 'ready'
  | 'wedged'
  | 'crashed'
  | 'failed';

export interface SupervisorState {
  name: SupervisorStateName;
  baseUrl?: string;
  port?: number;
  pid?: number;
  /** True when the server was already running on the configured port and we only use it. */
  adopted: boolean;
  /** The model and adapter the server was started with or last answered with (what it holds). */
  model?: string;
  adapterPath?: string;
  /** For a person: what happened and, for failures, how to fix it. */
  message?: string;
  /** The server's last stderr lines (a Metal out-of-memory abort explains itself there). */
  lastStderr: string[];
  /** When crashed: the restart is due in this many ms. */
  restartInMs?: number;
  /** Crashes inside the current window. */
  crashes: number;
}
