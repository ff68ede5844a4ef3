// Types for workbench.mjs and the profile it creates (codeServer.mjs).
import type { Browser, Page } from 'playwright-core';

export interface Profile {
  dir: string;
  userDataDir: string;
  extensionsDir: string;
  folder: string;
  configFile: string;
}

export interface WorkbenchOptions {
  entry: string;
  vsix: string;
  profileDir: string;
  artifactsDir: string;
  settings?: Record<string, unknown>;
  locale?: string;
  env?: NodeJS.ProcessEnv;
  prepare?: (profile: Profile) => Promise<void>;
}

export interface RunningProcess {
  pid: number;
  output: string[];
  exited: Promise<number | null>;
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  stop(graceMs?: number): Promise<void>;
}

export interface Workbench {
  profile: Profile;
  timings: Record<string, number>;
  readonly codeServer: { server: RunningProcess; port: number; baseUrl: string; url: string };
  readonly page: Page;
  listExtensions(): string[];
  screenshot(name: string): Promise<string>;
  saveFailureArtifacts(label?: string): Promise<string>;
  close(): Promise<void>;
}

export declare function startWorkbench(options: WorkbenchOptions): Promise<Workbench>;
export type { Browser };
