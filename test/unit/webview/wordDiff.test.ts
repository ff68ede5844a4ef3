// The correction diff: the fewest words removed and added, in English and Japanese, and the texts
// always rebuilt exactly from the parts.
import { diffWords as referenceDiff } from 'diff';
import { describe, expect, it } from 'vitest';
import { type DiffPart, diffWords } from '../../../webview/panel/wordDiff';

const oldText = (parts: DiffPart[]) =>
  parts
    .filter((p) => !p.added)
    .map((p) => p.value)
    .join('');
const newText = (parts: DiffPart[]) =>
  parts
    .filter((p) => !p.removed)
    .map((p) => p.value)
    .join('');
const changed = (parts: DiffPart[]) =>
  parts.filter((p) => p.added || p.removed).map((p) => (p.added ? `+${p.value}` : `-${p.value}`));

describe('word diff', () => {
  it('marks only the changed word', () => {
    expect(diffWords('The rate is 10 percent.', 'The rate is 8 percent.', 'en')).toEqual([
      { value: 'The rate is ' },
      { value: '10', removed: true },
      { value: '8', added: true },
      { value: ' percent.' },
    ]);
  });

  it('finds insertions and deletions in the middle, and nothing when the texts are equal', () => {
    const parts = diffWords('a b c d e f', 'a c d x e f g', 'en');
    expect(changed(parts)).toEqual(['-b ', '+x ', '+ g']);
    expect(diffWords('same text', 'same text', 'en')).toEqual([{ value: 'same text' }]);
    expect(diffWords('', 'new', 'en')).toEqual([{ value: 'new', added: true }]);
  });

  it('splits Japanese into words', () => {
    const parts = diffWords('減価償却は定額法で計算します。', '減価償却は定率法で計算します。', 'ja');
    expect(changed(parts).join('')).not.toContain('減価償却');
    expect(changed(parts).length).toBeGreaterThan(0);
    expect(oldText(parts)).toBe('減価償却は定額法で計算します。');
    expect(newText(parts)).toBe('減価償却は定率法で計算します。');
  });

  it('rebuilds both texts exactly and keeps as many words as the diff package, on varied edits', () => {
    const base = Array.from({ length: 120 }, (_, i) => `w${i % 17}`);
    for (let seed = 1; seed <= 40; seed++) {
      const edited = base
        .filter((_, i) => (i * seed) % 11 !== 0)
        .map((w, i) => ((i + seed) % 13 === 0 ? 'new' : w));
      const a = base.join(' ');
      const b = edited.join(' ');
      const parts = diffWords(a, b, 'en');
      expect(oldText(parts)).toBe(a);
      expect(newText(parts)).toBe(b);
      const keptWords = (list: DiffPart[]) =>
        list
          .filter((p) => !p.added && !p.removed)
          .map((p) => p.value)
          .join(' ')
          .split(/\s+/)
          .filter(Boolean).length;
      const ours = keptWords(parts);
      const reference = keptWords(referenceDiff(a, b));
      expect(ours).toBeGreaterThanOrEqual(reference);
      if (edited.length > 60) expect(ours).toBeGreaterThan(edited.length / 2);
    }
  });

  it('shows a wholesale rewrite as removed then added', () => {
    const a = Array.from({ length: 1500 }, (_, i) => `a${i}`).join(' ');
    const b = Array.from({ length: 1500 }, (_, i) => `b${i}`).join(' ');
    const parts = diffWords(a, b, 'en');
    expect(oldText(parts)).toBe(a);
    expect(newText(parts)).toBe(b);
  });
});
