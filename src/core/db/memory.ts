// PGlite in memory, in this process, behind a loopback socket: tests get the same pg code path as the
// product. Loaded lazily (PGlite's WASM is large).
import type { AddressInfo } from 'node:net';
import { useStatementQueue } from './embedded/statementQueue';

export interface InProcessPglite {
  port: number;
  /** A tarball of the data folder, to start another instance from (PGlite's `loadDataDir`). */
  dumpDataDir(): Promise<Blob>;
  stop(): Promise<void>;
}

export async function startInMemoryPglite(loadDataDir?: Blob): Promise<InProcessPglite> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const pglite = await PGlite.create(loadDataDir ? { loadDataDir } : {});
  const server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: 0, maxConnections: 200 });
  useStatementQueue(server, pglite);
  await server.start();
  const address = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    port: address.port,
    dumpDataDir: () => pglite.dumpDataDir('none') as Promise<Blob>,
    async stop() {
      await server.stop();
      await pglite.close();
    },
  };
}
