// The model-server client's own overhead: ask() against the mlx_lm.server stand-in with no delays,
// compared with a bare undici request to the same server; 1,000 sequential and 50 concurrent asks,
// errors, and this process's open sockets before and after. Prints a table; never fails a build.
import { spawn } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { request } from 'undici';
import { ask } from '../src/core/llm/ask';
import { defaultModelServerAgent } from '../src/core/llm/http';

const sequential = 1_000;
const concurrency = 50;
const concurrentRounds = 10;
const answer =
  'Debits are recorded on the left and credits on the right of every journal entry in the ledger.';

function openSockets(): number | string {
  try {
    return readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:');
      } catch {
        return false;
      }
    }).length;
  } catch {
    return 'n/a';
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

interface Sample {
  first: number;
  end: number;
}

async function bare(baseUrl: string): Promise<Sample> {
  const started = performance.now();
  const { body } = await request(`${baseUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'q' }], stream: true }),
    dispatcher: defaultModelServerAgent(),
  });
  let first = Number.NaN;
  for await (const chunk of body) {
    if (Number.isNaN(first) && (chunk as Buffer).includes('"content"')) first = performance.now() - started;
  }
  return { first, end: performance.now() - started };
}

async function client(baseUrl: string): Promise<Sample> {
  const started = performance.now();
  const stream = ask({ provider: 'openai', baseUrl, model: 'm', question: 'q' });
  let first = Number.NaN;
  for await (const _delta of stream) {
    if (Number.isNaN(first)) first = performance.now() - started;
  }
  await stream.result;
  return { first, end: performance.now() - started };
}

async function run(label: string, fn: () => Promise<Sample>, count: number, parallel: number) {
  const samples: Sample[] = [];
  let errors = 0;
  const firstError: string[] = [];
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  for (let done = 0; done < count; done += parallel) {
    const batch = await Promise.allSettled(Array.from({ length: Math.min(parallel, count - done) }, fn));
    for (const outcome of batch) {
      if (outcome.status === 'fulfilled') samples.push(outcome.value);
      else {
        errors += 1;
        if (firstError.length === 0) firstError.push(String(outcome.reason));
      }
    }
  }
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpuStart);
  return {
    label,
    samples,
    errors,
    firstError: firstError[0],
    wall,
    count,
    cpuMicros: used.user + used.system,
  };
}

async function alternate(first: () => Promise<Sample>, second: () => Promise<Sample>, count: number) {
  const a = {
    label: 'bare undici, sequential',
    samples: [] as Sample[],
    errors: 0,
    firstError: undefined as string | undefined,
    wall: 0,
    count,
    cpuMicros: 0,
  };
  const b = {
    label: 'ask(), sequential',
    samples: [] as Sample[],
    errors: 0,
    firstError: undefined as string | undefined,
    wall: 0,
    count,
    cpuMicros: 0,
  };
  for (let i = 0; i < count; i += 1) {
    // ABBA order: neither side always runs right after the other.
    const pair = [
      [first, a],
      [second, b],
    ] as const;
    for (const [fn, into] of i % 2 === 0 ? pair : [...pair].reverse()) {
      const started = performance.now();
      const cpuStart = process.cpuUsage();
      try {
        into.samples.push(await fn());
      } catch (error) {
        into.errors += 1;
        into.firstError ??= String(error);
      }
      into.wall += performance.now() - started;
      const used = process.cpuUsage(cpuStart);
      into.cpuMicros += used.user + used.system;
    }
  }
  return [a, b] as const;
}

const fmt = (ms: number) => ms.toFixed(3);

async function main() {
  const server = spawn(
    process.execPath,
    [join(process.cwd(), 'test/fixtures/fake-mlx-server.mjs'), '--port', '0'],
    {
      env: { ...process.env, FAKE_MLX_ANSWER: answer },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    server.once('exit', () => reject(new Error('the stand-in exited')));
    createInterface({ input: server.stderr! }).on('line', (line) => {
      const match = /on port (\d+)/.exec(line);
      if (match) resolve(Number(match[1]));
    });
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    // Warm both paths (JIT, the agent's first connections).
    await run('warm-up', () => bare(baseUrl), 100, 1);
    await run('warm-up', () => client(baseUrl), 100, 1);
    const socketsBefore = openSockets();

    // Sequential runs alternate one bare request and one ask(), so that load from elsewhere on the
    // machine falls on both alike.
    const [bareSequential, askSequential] = await alternate(
      () => bare(baseUrl),
      () => client(baseUrl),
      sequential,
    );
    const results = [
      bareSequential,
      askSequential,
      await run(
        `bare undici, ${concurrency} concurrent`,
        () => bare(baseUrl),
        concurrency * concurrentRounds,
        concurrency,
      ),
      await run(
        `ask(), ${concurrency} concurrent`,
        () => client(baseUrl),
        concurrency * concurrentRounds,
        concurrency,
      ),
    ];
    await new Promise((resolve) => setTimeout(resolve, 100));
    const socketsAfter = openSockets();

    console.log(
      `\nask() overhead against the mlx_lm.server stand-in (no delays; ${answer.split(' ').length}-token answers; Node ${process.version})\n`,
    );
    console.log(
      '| run | asks | errors | first delta p50 ms | first delta p99 ms | end p50 ms | end p99 ms | asks/s | client CPU µs/ask |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const result of results) {
      const firsts = result.samples.map((sample) => sample.first);
      const ends = result.samples.map((sample) => sample.end);
      console.log(
        `| ${result.label} | ${result.count} | ${result.errors} | ${fmt(percentile(firsts, 50))} | ${fmt(percentile(firsts, 99))} | ${fmt(percentile(ends, 50))} | ${fmt(percentile(ends, 99))} | ${((result.samples.length / result.wall) * 1000).toFixed(0)} | ${(result.cpuMicros / result.count).toFixed(0)} |`,
      );
      if (result.firstError) console.log(`|   first error: ${result.firstError} |`);
    }
    const [bareSeq, askSeq] = results;
    const added = (p: number, key: keyof Sample) =>
      percentile(
        askSeq!.samples.map((sample) => sample[key]),
        p,
      ) -
      percentile(
        bareSeq!.samples.map((sample) => sample[key]),
        p,
      );
    console.log(
      `\nAdded by ask() (sequential): first delta p50 ${fmt(added(50, 'first'))} ms, p99 ${fmt(added(99, 'first'))} ms; end p50 ${fmt(added(50, 'end'))} ms, p99 ${fmt(added(99, 'end'))} ms`,
    );
    console.log(`Open sockets in this process: before ${socketsBefore}, after ${socketsAfter}`);
  } finally {
    server.kill('SIGKILL');
    await defaultModelServerAgent().close();
  }
}

await main();
