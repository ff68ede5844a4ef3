// What the user is working on: the current PoC and model (remembered across windows) and the open
// session of this workspace.
import * as vscode from 'vscode';

interface SelectionState {
  pocId: number | undefined;
  modelId: number | undefined;
  sessionId: number | undefined;
}

export class Selection implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly context: vscode.ExtensionContext) {}

  get state(): SelectionState {
    return {
      pocId: this.context.globalState.get<number>('llamune.pocId'),
      modelId: this.context.globalState.get<number>('llamune.modelId'),
      sessionId: this.context.workspaceState.get<number>('llamune.sessionId'),
    };
  }

  async setPoc(id: number | undefined): Promise<void> {
    await this.context.globalState.update('llamune.pocId', id);
    this.changed.fire();
  }

  async setModel(id: number | undefined): Promise<void> {
    await this.context.globalState.update('llamune.modelId', id);
    this.changed.fire();
  }

  async setSession(id: number | undefined): Promise<void> {
    await this.context.workspaceState.update('llamune.sessionId', id);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
