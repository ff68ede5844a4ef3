// Loads the core bundle (dist/core.js) on first use. Activation never pays for it: the extension's
// own bundle holds only the editor wiring.
import { join } from 'node:path';
import type * as CoreExports from './coreExports';

export type Core = typeof CoreExports;

let loaded: Core | undefined;

export function loadCore(): Core {
  // A computed path, so that esbuild leaves this require for run time.
  const file = join(__dirname, 'core.js');
  loaded ??= require(file) as Core;
  return loaded;
}
