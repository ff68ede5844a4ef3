// One logger over the "Llamune" LogOutputChannel.
import * as vscode from 'vscode';

export type Logger = vscode.LogOutputChannel;

export function createLogger(name = 'Llamune'): Logger {
  return vscode.window.createOutputChannel(name, { log: true });
}
