// Secrets live in SecretStorage (the OS keychain), never in settings or logs.
import type * as vscode from 'vscode';

export class Secrets {
  constructor(private readonly storage: vscode.SecretStorage) {}

  databasePassword(): Thenable<string | undefined> {
    return this.storage.get('llamune.database.password');
  }

  async setDatabasePassword(password: string | undefined): Promise<void> {
    if (password) await this.storage.store('llamune.database.password', password);
    else await this.storage.delete('llamune.database.password');
  }

  apiKey(username: string): Thenable<string | undefined> {
    return this.storage.get(`llamune.apiKey.${username}`);
  }

  setApiKey(username: string, key: string): Thenable<void> {
    return this.storage.store(`llamune.apiKey.${username}`, key);
  }
}
