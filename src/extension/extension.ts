// Activation wires the editor layer to the core; nothing heavy happens here.
import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}
