// Newline-delimited JSON (Ollama's streams) out of a byte stream that may split anywhere, including
// inside a UTF-8 character or between CR and LF. Blank lines are skipped.

/** Yields each complete line (without its line ending); a last line without a newline is yielded too. */
export async function* ndjsonLines(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  for await (const chunk of bytes) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline !== -1) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line.trim() !== '') yield line;
      newline = buffer.indexOf('\n');
    }
  }
  buffer += decoder.decode();
  const last = buffer.replace(/\r$/, '');
  if (last.trim() !== '') yield last;
}
