// The product's version for an export's manifest, read from the package.json found above this file
// (dist/ in a build or the .vsix, src/core/export in tests), so no build step has to inject it.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

function findVersion(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === 'llamune-poc' && manifest.version) return manifest.version;
    } catch {
      // No package.json here: keep looking upwards.
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}

export function productVersion(): string {
  cached ??= findVersion();
  return cached;
}
