// The extension as VS Code's API sees it: present, activating without error, and every command its
// manifest contributes actually registered.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { test } from './harness';

const EXTENSION_ID = 'llamune.llamune-poc';

interface Manifest {
  version: string;
  contributes?: { commands?: { command: string }[] };
}

function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(found, `${EXTENSION_ID} is not loaded`);
  return found;
}

test('the extension is loaded from the development folder', () => {
  const manifest = extension().packageJSON as Manifest;
  assert.match(manifest.version, /^\d+\.\d+\.\d+/);
});

test('the extension activates without error', async () => {
  await extension().activate();
  assert.equal(extension().isActive, true);
});

test('every contributed command is registered once the extension is active', async () => {
  await extension().activate();
  const contributed = ((extension().packageJSON as Manifest).contributes?.commands ?? []).map(
    (c) => c.command,
  );
  const registered = new Set(await vscode.commands.getCommands(true));
  const missing = contributed.filter((command) => !registered.has(command));
  assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
});

test('VS Code reports the display language it was started with', () => {
  // The runner says which one it asked for (code-server: --locale); a desktop run defaults to English.
  assert.equal(vscode.env.language, process.env.LLAMUNE_EXPECTED_LANGUAGE ?? 'en');
});
