// ask() against hand-written servers on real sockets, for what the stand-ins do not send: bytes split
// anywhere with CRLF, an error object mid-stream, a server that ignores `stream`, odd error bodies.
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createModelAsker } from '../../src/core/api/modelAsker';
import { ask } from '../../src/core/llm/ask';
import type { ModelServerError } from '../../src/core/llm/modelServerError';

let server: Server | undefined;
let requests: unknown[] = [];
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((done) => server?.close(done) ?? done(undefined));
  server = undefined;
  requests = [];
});

type Reply = (res: import('node:http').ServerResponse) => Promise<void> | void;

async function serve(reply: Reply): Promise<string> {
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      requests.push(JSON.parse(Buffer.concat(parts).toString('utf8')));
      void reply(res);
    });
  });
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

const flush = () => new Promise((done) => setImmediate(done));
const chunk = (content: string, finish: string | null = null) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\r\n\r\n`;

describe('ask() on the wire', () => {
  it('reassembles SSE split byte by byte, across CRLF and inside UTF-8 characters, skipping comments', async () => {
    const body = Buffer.from(
      `: ping\r\n\r\n${chunk('会計')}${chunk('は😀')}:\r\n\r\n${chunk('!', 'stop')}data: [DONE]\r\n\r\n`,
    );
    const baseUrl = await serve(async (res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const byte of body) {
        res.write(Buffer.from([byte]));
        await flush();
      }
      res.end();
    });
    const stream = ask({
      provider: 'openai',
      baseUrl,
      model: 'm',
      question: 'q',
      systemPrompt: 's',
      maxTokens: 7,
      temperature: 0.2,
    });
    const deltas: string[] = [];
    for await (const delta of stream) deltas.push(delta);
    expect(deltas).toEqual(['会計', 'は😀', '!']);
    expect((await stream.result).text).toBe('会計は😀!');
    expect(requests[0]).toEqual({
      model: 'm',
      messages: [
        { role: 'system', content: 's' },
        { role: 'user', content: 'q' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 7,
      temperature: 0.2,
    });
  });

  it('turns an error object mid-stream into server_error with its message', async () => {
    const baseUrl = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(
        `${chunk('Hello')}data: {"error": {"message": "CUDA out of memory", "type": "server_error"}}\n\n`,
      );
    });
    const stream = ask({ provider: 'openai', baseUrl, model: 'm', question: 'q' });
    const error = (await stream.result.catch((caught: unknown) => caught)) as ModelServerError;
    expect(error.reason).toBe('server_error');
    expect(error.serverMessage).toBe('CUDA out of memory');
  });

  it('accepts a finish_reason as the end when a server closes without [DONE]', async () => {
    const baseUrl = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`${chunk('a')}${chunk('b', 'length')}`);
    });
    const result = await ask({ provider: 'openai', baseUrl, model: 'm', question: 'q' }).result;
    expect(result).toMatchObject({ text: 'ab', finishReason: 'length' });
  });

  it('treats a clean close with neither [DONE] nor finish_reason as a cut-off answer', async () => {
    const baseUrl = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(chunk('half an ans'));
    });
    const error = (await ask({ provider: 'openai', baseUrl, model: 'm', question: 'q' }).result.catch(
      (caught: unknown) => caught,
    )) as ModelServerError;
    expect(error.reason).toBe('bad_response');
  });

  it('reads one JSON completion from a server that ignores stream: true', async () => {
    const baseUrl = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          model: 'served-model',
          choices: [
            { index: 0, message: { role: 'assistant', content: 'whole answer' }, finish_reason: 'stop' },
          ],
          usage: { prompt_tokens: 3, completion_tokens: 2 },
        }),
      );
    });
    const result = await ask({ provider: 'openai', baseUrl, model: 'm', question: 'q' }).result;
    expect(result).toMatchObject({
      text: 'whole answer',
      model: 'served-model',
      usage: { promptTokens: 3, completionTokens: 2 },
    });
  });

  it('carries the message of OpenAI-style and plain-text error bodies', async () => {
    const baseUrl = await serve((res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { message: 'The model `x` does not exist', type: 'invalid_request_error' } }),
      );
    });
    const error = (await ask({ provider: 'openai', baseUrl, model: 'x', question: 'q' }).result.catch(
      (caught: unknown) => caught,
    )) as ModelServerError;
    expect(error).toMatchObject({
      reason: 'server_error',
      status: 404,
      serverMessage: 'The model `x` does not exist',
    });

    await new Promise((done) => server!.close(done));
    const textUrl = await serve((res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('Service Unavailable: loading model');
    });
    const textError = (await ask({
      provider: 'openai',
      baseUrl: textUrl,
      model: 'x',
      question: 'q',
    }).result.catch((caught: unknown) => caught)) as ModelServerError;
    expect(textError).toMatchObject({ status: 503, serverMessage: 'Service Unavailable: loading model' });
  });

  it('times out the whole answer at totalMs even while tokens keep coming', async () => {
    const baseUrl = await serve(async (res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let i = 0; i < 100 && !res.destroyed; i += 1) {
        res.write(chunk('x'));
        await new Promise((done) => setTimeout(done, 20));
      }
      res.end();
    });
    const error = (await ask({
      provider: 'openai',
      baseUrl,
      model: 'm',
      question: 'q',
      timeouts: { totalMs: 200 },
    }).result.catch((caught: unknown) => caught)) as ModelServerError;
    expect(error).toMatchObject({ reason: 'timeout', timeout: 'total' });
  });
});

describe('the model asker', () => {
  it('sends its generation limits (the editor settings) with every question', async () => {
    const baseUrl = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`${chunk('ok', 'stop')}data: [DONE]\n\n`);
    });
    const asker = createModelAsker({
      provider: 'openai',
      baseUrl,
      generation: { maxTokens: 2048, temperature: 0.7 },
    });
    const question = {
      model: 'm',
      adapterPath: null,
      systemPrompt: null,
      question: 'q',
      signal: new AbortController().signal,
    };
    await (await asker.ask({ ...question, provider: 'openai' })).result;
    expect(requests[0]).toMatchObject({ max_tokens: 2048, temperature: 0.7 });
  });
});
