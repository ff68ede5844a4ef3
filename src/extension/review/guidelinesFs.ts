// A PoC's rating guidelines as an editor tab: `llamune-guidelines:/<poc id>/<poc name>.md` reads the
// current version from the database, and saving writes a new version (saveGuidelines, versioned by time).
// Only single files exist here; errors come back as the editor's own "could not save" with the core's
// message, and the editor keeps the unsaved text.
import type { Kysely } from 'kysely';
import * as vscode from 'vscode';
import type { Database, User } from '../../core/db/schema';
import { isDomainError } from '../../core/errors';
import type { getGuidelines, saveGuidelines } from '../../core/review';
import { ReviewStrings as S } from './reviewStrings';

export const GUIDELINES_SCHEME = 'llamune-guidelines';

export interface GuidelinesDeps {
  db(): Promise<Kysely<Database>>;
  user(): Promise<User>;
  core(): { getGuidelines: typeof getGuidelines; saveGuidelines: typeof saveGuidelines };
  /** A new version was saved (the review view shows it). */
  saved(pocId: number, pocName: string): void;
}

/** The editor's URI of a PoC's guidelines; the name is only the tab's title (the id decides). */
export function guidelinesUri(pocId: number, pocName: string): vscode.Uri {
  const name = `${pocName.replace(/[\\/:*?"<>|#%\s]+/g, '_').slice(0, 80) || 'guidelines'}.md`;
  return vscode.Uri.from({ scheme: GUIDELINES_SCHEME, path: `/${pocId}/${name}` });
}

export function pocIdOf(uri: vscode.Uri): number {
  const id = Number(uri.path.split('/')[1]);
  if (!Number.isSafeInteger(id) || id <= 0) throw vscode.FileSystemError.FileNotFound(uri);
  return id;
}

const pocNameOf = (uri: vscode.Uri) => decodeURIComponent(uri.path.split('/')[2] ?? '').replace(/\.md$/, '');

export class GuidelinesFileSystem implements vscode.FileSystemProvider {
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;

  constructor(private readonly deps: GuidelinesDeps) {}

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => {});
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const parts = uri.path.split('/').filter(Boolean);
    if (parts.length < 2) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const current = await this.current(uri);
    return {
      type: vscode.FileType.File,
      ctime: 0,
      mtime: current?.savedAt.getTime() ?? 0,
      size: Buffer.byteLength(current?.body ?? '', 'utf8'),
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return Buffer.from((await this.current(uri))?.body ?? '', 'utf8');
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    let body: string;
    try {
      body = new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch {
      throw vscode.FileSystemError.NoPermissions(S.notUtf8());
    }
    const user = await this.deps.user();
    try {
      await this.deps
        .core()
        .saveGuidelines(await this.deps.db(), { pocId: pocIdOf(uri), body, userId: user.id });
    } catch (error) {
      throw asFileSystemError(error, uri);
    }
    this.changes.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    this.deps.saved(pocIdOf(uri), pocNameOf(uri));
  }

  private async current(uri: vscode.Uri) {
    try {
      return (await this.deps.core().getGuidelines(await this.deps.db(), pocIdOf(uri))).current;
    } catch (error) {
      throw asFileSystemError(error, uri);
    }
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }
  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions(S.guidelinesOnlyFiles());
  }
  delete(): void {
    throw vscode.FileSystemError.NoPermissions(S.guidelinesOnlyFiles());
  }
  rename(): void {
    throw vscode.FileSystemError.NoPermissions(S.guidelinesOnlyFiles());
  }

  dispose(): void {
    this.changes.dispose();
  }
}

/** The core's message, as the editor shows a file error (a missing PoC: the file does not exist). */
function asFileSystemError(error: unknown, uri: vscode.Uri): Error {
  if (error instanceof vscode.FileSystemError) return error;
  if (isDomainError(error) && error.kind === 'not_found')
    return vscode.FileSystemError.FileNotFound(error.message);
  if (isDomainError(error)) return vscode.FileSystemError.NoPermissions(error.message);
  const message = error instanceof Error ? error.message : String(error);
  return vscode.FileSystemError.Unavailable(`${uri.path}: ${message}`);
}
