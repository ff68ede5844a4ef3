// The window's database: opened and migrated lazily on first use (with a progress notification),
// reopened when its settings change, closed on deactivate. Also owns "who am I" (the users row).
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import * as vscode from 'vscode';
import type { DatabaseConfig } from '../core/db/config';
import type { DatabaseHandle } from '../core/db/open';
import type { ConnectionParams } from '../core/db/pgPool';
import type { Database, User } from '../core/db/schema';
import type { Config } from './config';
import { loadCore } from './core';
import { Strings } from './localize';
import type { Logger } from './logging';
import type { Secrets } from './secrets';

export type DataKind = 'pocs' | 'models' | 'sessions' | 'logs';

interface Opened {
  handle: DatabaseHandle;
  user: User;
}

/** Where opening the database stands, for views that show it instead of an empty tree. */
export type DatabaseStatus =
  | { state: 'closed' }
  /** `usualSeconds`: what the embedded database's last open took (a first one: ~15 s); none for PostgreSQL. */
  | { state: 'opening'; kind: 'embedded' | 'postgres'; usualSeconds?: number }
  | { state: 'open' }
  | { state: 'failed'; message: string };

/** What a first open of a new embedded database usually takes on a small machine (initdb included). */
const FIRST_EMBEDDED_OPEN_SECONDS = 15;
const LAST_OPEN_KEY = 'llamune.database.lastOpenMs';

export class DatabaseService implements vscode.Disposable {
  private opening: Promise<Opened> | undefined;
  private currentStatus: DatabaseStatus = { state: 'closed' };
  private readonly statusChanged = new vscode.EventEmitter<DatabaseStatus>();
  /** Opening started, finished or failed (the `llamune.database` context key follows it). */
  readonly onDidChangeStatus = this.statusChanged.event;
  private readonly changes = new vscode.EventEmitter<DataKind>();
  /** Fired after this window writes; views refresh from it. */
  readonly onDidChangeData = this.changes.event;
  private readonly logsChanged = new vscode.EventEmitter<readonly number[]>();
  /** Which logs this window changed, when the writer knows (the panel updates the ones it shows). */
  readonly onDidChangeLogs = this.logsChanged.event;
  private readonly reopened = new vscode.EventEmitter<void>();
  readonly onDidReopen = this.reopened.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly config: Config,
    private readonly secrets: Secrets,
    private readonly log: Logger,
  ) {
    this.subscriptions.push(
      config.onDidChange((keys) => {
        if (keys.some((k) => k.startsWith('database.') || k === 'user.name')) void this.reopen();
      }),
    );
  }

  /** The database, opened on first call. Errors are shown to the user once per attempt and rethrown. */
  async db(): Promise<Kysely<Database>> {
    return (await this.open()).handle.db;
  }

  /** How another connection reaches the same data (the export's worker thread opens its own). */
  async connection(): Promise<ConnectionParams> {
    return (await this.open()).handle.connection;
  }

  async user(): Promise<User> {
    return (await this.open()).user;
  }

  async description(): Promise<string> {
    return (await this.open()).handle.description;
  }

  /** Whether the database has been opened (views show nothing before, rather than forcing an open). */
  get isOpen(): boolean {
    return this.opening !== undefined;
  }

  get status(): DatabaseStatus {
    return this.currentStatus;
  }

  private setStatus(status: DatabaseStatus): void {
    this.currentStatus = status;
    void vscode.commands.executeCommand('setContext', 'llamune.database', status.state);
    this.statusChanged.fire(status);
  }

  notifyChanged(kind: DataKind, logIds?: readonly number[]): void {
    this.changes.fire(kind);
    if (kind === 'logs' && logIds?.length) this.logsChanged.fire(logIds);
  }

  async reopen(): Promise<void> {
    const previous = this.opening;
    this.opening = undefined;
    this.setStatus({ state: 'closed' });
    if (previous) await previous.then((o) => o.handle.close()).catch(() => {});
    this.reopened.fire();
  }

  private open(): Promise<Opened> {
    if (this.opening) return this.opening;
    const kind = this.config.settings['database.connectionString'] ? 'postgres' : 'embedded';
    const lastMs = this.context.globalState.get<number>(LAST_OPEN_KEY) ?? FIRST_EMBEDDED_OPEN_SECONDS * 1000;
    const usualSeconds = kind === 'embedded' ? Math.max(1, Math.ceil(lastMs / 1000)) : undefined;
    // At once, so a view asking right after this call already shows the progress.
    this.setStatus({ state: 'opening', kind, usualSeconds });
    const opening = this.doOpen().then(
      (opened) => {
        if (this.opening === opening) this.setStatus({ state: 'open' });
        return opened;
      },
      (error: unknown) => {
        if (this.opening === opening) {
          this.opening = undefined;
          this.setStatus({
            state: 'failed',
            message: error instanceof Error ? error.message : String(error),
          });
        }
        this.reportFailure(error);
        throw error;
      },
    );
    this.opening = opening;
    return opening;
  }

  private async doOpen(): Promise<Opened> {
    const config = await this.databaseConfig();
    const kind = config.kind;
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: Strings.openingDatabase() },
      async () => {
        const started = performance.now();
        const { openDatabase, migrateToLatest } = loadCore();
        const handle = await openDatabase(config);
        try {
          const applied = await migrateToLatest(handle.db);
          const user = await this.ensureUser(handle.db);
          if (kind === 'embedded')
            void this.context.globalState.update(LAST_OPEN_KEY, performance.now() - started);
          this.log.info(
            `Database: ${handle.description}; migrations applied: ${applied.length ? applied.join(', ') : 'none'}; user "${user.username}"; ${Math.round(performance.now() - started)} ms`,
          );
          return { handle, user };
        } catch (error) {
          await handle.close();
          throw error;
        }
      },
    );
  }

  private async databaseConfig(): Promise<DatabaseConfig> {
    const settings = this.config.settings;
    const url = settings['database.connectionString'];
    if (url) {
      return {
        kind: 'postgres',
        url,
        password: await this.secrets.databasePassword(),
        poolSize: settings['database.poolSize'],
        preparedStatements: settings['database.preparedStatements'],
      };
    }
    return {
      kind: 'embedded',
      dataDir: join(this.context.globalStorageUri.fsPath, 'pglite'),
      serverScript: this.context.asAbsolutePath(join('dist', 'pglite-server.mjs')),
      poolSize: settings['database.poolSize'],
    };
  }

  /** Finds or creates the users row for the configured name; a new key goes to SecretStorage. */
  private async ensureUser(db: Kysely<Database>): Promise<User> {
    const { createUser, findUserByName } = loadCore();
    const name = this.config.settings['user.name'] || defaultUserName();
    const existing = await findUserByName(db, name);
    if (existing) return existing;
    try {
      const { user, apiKey } = await createUser(db, name);
      await this.secrets.setApiKey(user.username, apiKey);
      return user;
    } catch (error) {
      // Another window created it at the same moment.
      const raced = await findUserByName(db, name);
      if (raced) return raced;
      throw error;
    }
  }

  private reportFailure(error: unknown): void {
    const detail = error instanceof Error ? error.message : String(error);
    this.log.error(`Opening the database failed: ${detail}`);
    void vscode.window
      .showErrorMessage(
        Strings.databaseFailed(detail),
        Strings.retry(),
        Strings.configureDatabase(),
        Strings.showLog(),
      )
      .then((choice) => {
        if (choice === Strings.retry()) void this.db().catch(() => {});
        else if (choice === Strings.configureDatabase())
          void vscode.commands.executeCommand('llamune.configureDatabase');
        else if (choice === Strings.showLog()) this.log.show();
      });
  }

  async dispose(): Promise<void> {
    for (const s of this.subscriptions) s.dispose();
    this.changes.dispose();
    this.logsChanged.dispose();
    this.reopened.dispose();
    this.statusChanged.dispose();
    const opening = this.opening;
    this.opening = undefined;
    if (opening) await opening.then((o) => o.handle.close()).catch(() => {});
  }
}

/** The OS user name, made valid for users.username (no spaces, at most 50 characters). */
export function defaultUserName(): string {
  let name = 'user';
  try {
    name = userInfo().username || name;
  } catch {
    // No passwd entry (some containers): keep the fallback.
  }
  return name.replace(/[\s\p{C}]+/gu, '_').slice(0, 50);
}
