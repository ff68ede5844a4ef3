// Server-Sent Events out of a byte stream: bytes may split anywhere (mid-line, mid-UTF-8 character,
// between CR and LF). eventsource-parser does the line grammar; comments and keep-alives are skipped.
import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** Yields the `data` of each event in order; ends when the bytes end. */
export async function* sseData(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  const pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event) });
  for await (const chunk of bytes) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    while (pending.length > 0) yield pending.shift()!.data;
  }
  const rest = decoder.decode();
  if (rest) parser.feed(rest);
  // An event without its closing blank line was cut off: the caller sees the stream end without it.
  while (pending.length > 0) yield pending.shift()!.data;
}
