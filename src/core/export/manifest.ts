// manifest.json: what was exported and how, indented for people, with each file's log ids on one line
// (a million ids one per line would be a million lines). Written in pieces through a FileSink, so a
// million ids never become one string.

import type { IntList } from './intList';
import { FileSink } from './staging';

/** A list of ids to print on one line. */
export class IdList {
  constructor(readonly ids: IntList) {}
}

const MARKER = '\u0000ids:';
const IDS_PER_PIECE = 20_000;

/** Writes the manifest to `path` (which must not exist); returns its sha256. */
export async function writeManifest(path: string, manifest: unknown): Promise<string> {
  const lists: IntList[] = [];
  const text = JSON.stringify(
    manifest,
    (_key, value) => {
      if (!(value instanceof IdList)) return value;
      lists.push(value.ids);
      return `${MARKER}${lists.length - 1}`;
    },
    2,
  );
  const sink = new FileSink('manifest.json', path, 'json');
  try {
    // The text around the markers, then each marker's ids (split keeps the captured list number).
    const pieces = text.split(/"\\u0000ids:(\d+)"/);
    for (const [index, piece] of pieces.entries()) {
      if (index % 2 === 0) {
        sink.add(piece);
        continue;
      }
      const ids = lists[Number(piece)]!;
      sink.add('[');
      for (let start = 0; start < ids.length; start += IDS_PER_PIECE) {
        sink.add(
          `${start > 0 ? ',' : ''}${ids
            .view()
            .subarray(start, start + IDS_PER_PIECE)
            .join(',')}`,
        );
        await sink.flush();
      }
      sink.add(']');
    }
    sink.add('\n');
    return await sink.close();
  } finally {
    sink.destroy();
  }
}
