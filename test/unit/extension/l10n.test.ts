// Every string the extension host shows has a Japanese translation, and every manifest key too.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

function unescapeLiteral(literal: string): string {
  return literal.replace(/\\(['"\\])/g, '$1');
}

describe('localization', () => {
  const ja = JSON.parse(readFileSync('l10n/bundle.l10n.ja.json', 'utf8')) as Record<string, string>;

  it('translates every l10n.t message of the extension host into Japanese', () => {
    const messages = sources('src/extension').flatMap((text) =>
      [...text.matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)].map((m) => unescapeLiteral(m[1] ?? '')),
    );
    expect(messages.length).toBeGreaterThan(40);
    expect(messages.filter((m) => !(m in ja))).toEqual([]);
  });

  it('says "1 log", not "1 logs": every counted English message has its singular form', () => {
    const messages = sources('src/extension').flatMap((text) =>
      [...text.matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)].map((m) => unescapeLiteral(m[1] ?? '')),
    );
    const counted = messages.filter((m) => /^\{0\} [a-z]+s\b/.test(m));
    expect(counted.length).toBeGreaterThan(2);
    for (const message of counted) {
      // "{0} logs marked {1}." needs a form starting "1 log " (its own wording and placeholders).
      const singular = message.replace(/^\{0\} ([a-z]+)s\b.*$/s, '1 $1');
      expect(
        messages.some((m) => m === singular || m.startsWith(`${singular} `) || m.startsWith(`${singular}.`)),
        message,
      ).toBe(true);
    }
  });

  it('keeps the placeholders of every message', () => {
    for (const [en, translated] of Object.entries(ja)) {
      const placeholders = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort();
      expect(placeholders(translated), en).toEqual(placeholders(en));
    }
  });

  it('has every package.nls key in Japanese, and every %key% of package.json in English', () => {
    const en = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
    const nlsJa = JSON.parse(readFileSync('package.nls.ja.json', 'utf8')) as Record<string, string>;
    expect(Object.keys(nlsJa).sort()).toEqual(Object.keys(en).sort());
    const manifest = readFileSync('package.json', 'utf8');
    const used = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1] ?? '');
    expect(used.filter((key) => !(key in en))).toEqual([]);
  });

  it('titles every command "Llamune: …" in the palette', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
    const en = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
    for (const command of manifest.contributes.commands) {
      expect(command.category, command.command).toBe('%category%');
      expect(en[command.title.slice(1, -1)], command.command).toBeTruthy();
    }
    expect(en.category).toBe('Llamune');
  });
});
