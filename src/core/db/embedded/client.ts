// Connects to the embedded PGlite server for a data folder, starting it when nobody runs it yet.
// (Implemented in the embedded-database work; see README "Embedded database".)
export interface EmbeddedLease {
  connection: { host: string; port: number; user: string; database: string };
  release(): Promise<void>;
}

export async function connectEmbedded(_options: {
  dataDir: string;
  serverScript: string;
}): Promise<EmbeddedLease> {
  throw new Error('The embedded database server is not built yet.');
}
