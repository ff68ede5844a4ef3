// streamedRequest() against real HTTP servers on loopback: the body in order, a reader that falls behind
// holds the server back, and cancelling or aborting closes the connection.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { streamedRequest } from '../../src/core/llm/streamedRequest';

let server: Server | undefined;
const dispatchers: Dispatcher[] = [];
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((done) => server?.close(done) ?? done(undefined));
  server = undefined;
  await Promise.all(dispatchers.splice(0).map((d) => d.destroy()));
});

async function serve(reply: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(reply);
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

/** A dispatcher that counts the body bytes it hands to the request's handler. */
function countingDispatcher(): { dispatcher: Dispatcher; delivered: () => number } {
  const agent = new Agent();
  dispatchers.push(agent);
  let delivered = 0;
  const dispatcher = agent.compose(
    (dispatch) => (options, handler) =>
      dispatch(options, {
        onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
        onResponseStart: (controller, status, headers, message) =>
          handler.onResponseStart?.(controller, status, headers, message),
        onResponseData: (controller, chunk) => {
          delivered += chunk.length;
          handler.onResponseData?.(controller, chunk);
        },
        onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
        onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
      }),
  );
  return { dispatcher, delivered: () => delivered };
}

function plainDispatcher(): Dispatcher {
  const agent = new Agent();
  dispatchers.push(agent);
  return agent;
}

const options = (dispatcher: Dispatcher, signal = new AbortController().signal) => ({
  method: 'POST' as const,
  headers: { 'content-type': 'application/json' },
  body: '{"q":1}',
  dispatcher,
  signal,
  headersTimeout: 0,
  bodyTimeout: 0,
});

/** Resolves with the server-side socket once it closes. */
const closed = (socket: Socket) => new Promise<void>((done) => socket.once('close', () => done()));

describe('streamedRequest()', () => {
  it('hands out the status and headers, then the body in order, with the request as sent', async () => {
    let received = '';
    const url = await serve((req, res) => {
      req.setEncoding('utf8');
      req.on('data', (part: string) => {
        received += part;
      });
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'text/plain', 'x-kind': 'test' });
        res.write('one ');
        res.write('two ');
        res.end('three');
      });
    });
    const response = await streamedRequest(`${url}/v1/path?x=1`, options(plainDispatcher()));
    expect(response.statusCode).toBe(201);
    expect(response.headers['x-kind']).toBe('test');
    const parts: string[] = [];
    for await (const chunk of response.body) parts.push(chunk.toString('utf8'));
    expect(parts.join('')).toBe('one two three');
    expect(received).toBe('{"q":1}');
    expect(() => response.body[Symbol.asyncIterator]()).toThrow('read only once');
  });

  it('holds the server back while its reader falls behind: what arrived unread stays bounded', async () => {
    const piece = Buffer.alloc(64 * 1024, 'x');
    const total = 32 * 1024 * 1024;
    const url = await serve(async (_req, res) => {
      res.writeHead(200);
      for (let sent = 0; sent < total; sent += piece.length) {
        if (!res.write(piece)) await new Promise((drained) => res.once('drain', drained));
      }
      res.end();
    });
    const { dispatcher, delivered } = countingDispatcher();
    const response = await streamedRequest(url, options(dispatcher));
    let read = 0;
    let mostUnread = 0;
    for await (const chunk of response.body) {
      read += chunk.length;
      mostUnread = Math.max(mostUnread, delivered() - read);
      // A slow reader: several turns of the event loop for each chunk, in which the socket could be read.
      for (let turn = 0; turn < 5; turn++) await new Promise((next) => setImmediate(next));
    }
    expect(read).toBe(total);
    // The high-water mark (64 KiB) and what one read of the socket can add before the pause takes hold.
    expect(mostUnread).toBeLessThanOrEqual(256 * 1024);
  });

  it('cancel() and leaving the loop early close the connection; the server sees it go', async () => {
    const sockets: Socket[] = [];
    const url = await serve((req, res) => {
      sockets.push(req.socket);
      res.writeHead(200);
      res.write('first');
      // …and never ends.
    });
    const dispatcher = plainDispatcher();
    const response = await streamedRequest(url, options(dispatcher));
    const serverSide = closed(sockets[0]!);
    response.cancel();
    await serverSide;
    await expect(async () => {
      for await (const _ of response.body);
    }).rejects.toThrow('cancelled');

    const again = await streamedRequest(url, options(dispatcher));
    const secondSide = closed(sockets[1]!);
    for await (const chunk of again.body) {
      expect(chunk.toString()).toBe('first');
      break;
    }
    await secondSide;
  });

  it('an aborted signal stops the request before or after the headers, with its reason', async () => {
    const sockets: Socket[] = [];
    let headersFirst = true;
    const url = await serve((req, res) => {
      sockets.push(req.socket);
      if (headersFirst) {
        res.writeHead(200);
        res.write('part');
      }
    });
    const dispatcher = plainDispatcher();
    const reason = new Error('time limit');

    const during = new AbortController();
    const response = await streamedRequest(url, options(dispatcher, during.signal));
    const serverSide = closed(sockets[0]!);
    const chunks = response.body[Symbol.asyncIterator]();
    expect((await chunks.next()).value?.toString()).toBe('part');
    during.abort(reason);
    await expect(chunks.next()).rejects.toBe(reason);
    await serverSide;

    headersFirst = false;
    const before = new AbortController();
    const pending = streamedRequest(url, options(dispatcher, before.signal));
    await new Promise<void>((arrived) => server!.once('request', () => arrived()));
    before.abort(reason);
    await expect(pending).rejects.toBe(reason);

    const already = new AbortController();
    already.abort(reason);
    await expect(streamedRequest(url, options(dispatcher, already.signal))).rejects.toBe(reason);
    expect(sockets).toHaveLength(2);
  });

  it('a server that cannot be reached rejects before any response', async () => {
    const url = await serve(() => {});
    server!.close();
    await new Promise((done) => server!.once('close', done));
    server = undefined;
    await expect(streamedRequest(url, options(plainDispatcher()))).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });
});
