// What a correction changes in the model's answer, word by word: the texts are split by the platform's
// Intl.Segmenter (so Japanese, which has no spaces, splits into words too), the common start and end are
// set aside, and Myers' O(ND) algorithm finds the fewest words to remove and add in between. A correction
// that rewrites nearly everything is shown as removed-then-added rather than searched for long.

export interface DiffPart {
  value: string;
  added?: boolean;
  removed?: boolean;
}

type Op = 0 | 1 | 2; // kept, removed, added

/** Edits beyond this many words (and spaces) are not worth an exact search. */
const maxEdits = 1_000;

/** Myers' shortest edit script, from the end backwards; null when it needs more than `maxEdits`. */
function editScript(a: string[], b: string[]): Op[] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d]: v before step d, for diagonals -d-1 … d+1 (index k + d + 1).
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m);
    }
  }
  return null;
}

function backtrack(trace: Int32Array[], n: number, m: number): Op[] {
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const at = (k: number) => trace[d]![k + d + 1]!;
    const k = x - y;
    const previous = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const px = at(previous);
    const py = px - previous;
    while (x > px && y > py) {
      ops.push(0);
      x--;
      y--;
    }
    if (d > 0) ops.push(x === px ? 2 : 1);
    x = px;
    y = py;
  }
  return ops.reverse();
}

interface Token {
  /** The word (or punctuation) compared; '' for whitespace that starts the text. */
  key: string;
  /** The word with the whitespace after it, as written. */
  text: string;
}

function tokens(text: string, segmenter: Intl.Segmenter): Token[] {
  const list: Token[] = [];
  for (const { segment } of segmenter.segment(text)) {
    const last = list[list.length - 1];
    if (/^\s+$/.test(segment)) {
      if (last) last.text += segment;
      else list.push({ key: '', text: segment });
    } else list.push({ key: segment, text: segment });
  }
  return list;
}

export function diffWords(before: string, after: string, locale: string): DiffPart[] {
  const segmenter = new Intl.Segmenter(locale, { granularity: 'word' });
  const a = tokens(before, segmenter);
  const b = tokens(after, segmenter);
  const keysA = a.map((t) => t.key);
  const keysB = b.map((t) => t.key);
  const ops = editScript(keysA, keysB) ?? [...a.map((): Op => 1), ...b.map((): Op => 2)];

  const parts: DiffPart[] = [];
  let removed = '';
  let added = '';
  const keep = (value: string) => {
    if (value === '') return;
    const last = parts[parts.length - 1];
    if (last && !last.added && !last.removed) last.value += value;
    else parts.push({ value });
  };
  // A run of changes ends: its common trailing whitespace is kept, so that only words are marked.
  const endRun = () => {
    let common = 0;
    while (
      common < removed.length &&
      common < added.length &&
      removed[removed.length - 1 - common] === added[added.length - 1 - common] &&
      /\s/.test(removed[removed.length - 1 - common]!)
    )
      common++;
    if (removed.length > common)
      parts.push({ value: removed.slice(0, removed.length - common), removed: true });
    if (added.length > common) parts.push({ value: added.slice(0, added.length - common), added: true });
    keep(removed.slice(removed.length - common));
    removed = '';
    added = '';
  };
  let i = 0;
  let j = 0;
  for (const op of ops) {
    if (op === 1) removed += a[i++]!.text;
    else if (op === 2) added += b[j++]!.text;
    else {
      const [old, now] = [a[i++]!, b[j++]!];
      endRun();
      keep(old.key);
      // The same word with different spacing after it: the spacing is the change.
      removed = old.text.slice(old.key.length);
      added = now.text.slice(now.key.length);
      if (removed === added) {
        keep(removed);
        removed = '';
        added = '';
      }
    }
  }
  endRun();
  return parts;
}
