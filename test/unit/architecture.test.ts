// Enforces ARCHITECTURE.md's dependency arrows by reading every import in the tree.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = process.cwd();

function files(dir: string): string[] {
  const full = join(root, dir);
  if (!statSync(full, { throwIfNoEntry: false })) return [];
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx|mts)$/.test(f))
    .map((f) => join(dir, f));
}

/** Every module specifier a file imports, with relative ones resolved to repo paths. */
function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specifiers = [
    ...text.matchAll(
      /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
  return specifiers.map((s) => (s.startsWith('.') ? relative(root, resolve(root, dirname(file), s)) : s));
}

const isNode = (s: string) => s.startsWith('node:') || builtinModules.includes(s);

function violations(dir: string, forbidden: (specifier: string) => boolean): string[] {
  return files(dir).flatMap((file) =>
    imports(file)
      .filter(forbidden)
      .map((s) => `${file} → ${s}`),
  );
}

describe('dependency direction', () => {
  it('src/core never imports vscode, the extension layer, the CLI or the webview', () => {
    expect(
      violations('src/core', (s) => s === 'vscode' || /^(src\/extension|src\/cli|webview)(\/|$)/.test(s)),
    ).toEqual([]);
  });

  it('src/protocol imports neither vscode, node, nor anything of ours but itself', () => {
    expect(
      violations(
        'src/protocol',
        (s) =>
          s === 'vscode' ||
          isNode(s) ||
          (/^(src|webview|migrations)\//.test(s) && !s.startsWith('src/protocol')),
      ),
    ).toEqual([]);
  });

  it('the webview imports only src/protocol and browser libraries', () => {
    expect(
      violations(
        'webview',
        (s) =>
          s === 'vscode' || isNode(s) || (/^(src|migrations)\//.test(s) && !s.startsWith('src/protocol')),
      ),
    ).toEqual([]);
  });

  it('the webview never turns a string into markup (answers arrive as trees: src/protocol/markdown.ts)', () => {
    const offenders = files('webview').filter((file) =>
      /innerHTML|outerHTML|dangerouslySetInnerHTML|insertAdjacentHTML|DOMParser|createContextualFragment/.test(
        readFileSync(join(root, file), 'utf8'),
      ),
    );
    expect(offenders).toEqual([]);
    expect(files('webview').length).toBeGreaterThan(10);
  });

  it('the CLI imports the core, never the editor layer', () => {
    expect(violations('src/cli', (s) => s === 'vscode' || /^(src\/extension|webview)(\/|$)/.test(s))).toEqual(
      [],
    );
  });

  it('migrations import kysely only', () => {
    expect(violations('migrations', (s) => !(s === 'kysely' || s.startsWith('migrations/')))).toEqual([]);
  });

  it('finds the imports it checks (the scan itself works)', () => {
    expect(imports('src/core/db/open.ts')).toContain('src/core/db/pgPool');
    expect(files('src/core').length).toBeGreaterThan(5);
  });
});

describe('lazy core in the extension', () => {
  // Values from the core come through src/extension/core.ts (dist/core.js, loaded on first use);
  // only small zod-only modules and types may be imported directly.
  const allowed = new Set(['src/core/errors', 'src/core/domain/codes']);
  it('src/extension imports core values only through the lazy core bundle', () => {
    const offenders = files('src/extension')
      .filter((file) => !file.endsWith('coreExports.ts'))
      .flatMap((file) => {
        const text = readFileSync(join(root, file), 'utf8');
        return [...text.matchAll(/^import\s+(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]/gm)]
          .map((m) => relative(root, resolve(root, dirname(file), m[1] ?? '')))
          .filter((target) => target.startsWith('src/core/') && !allowed.has(target))
          .map((target) => `${file} → ${target}`);
      });
    expect(offenders).toEqual([]);
  });
});
