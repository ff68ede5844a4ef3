// Where the data lives: a real PostgreSQL server, the embedded PGlite folder, or (tests) PGlite in memory.
import * as z from 'zod';

export const poolSizeSchema = z.number().int().min(1).max(200);

export const databaseConfigSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('postgres'),
    /** A libpq-style connection string; the password may come separately (SecretStorage). */
    url: z.string().min(1, 'the connection string is empty'),
    password: z.string().optional(),
    poolSize: poolSizeSchema.default(10),
    /** Statements prepared once per connection (see preparedStatements.ts); off behind a pooler
     * that cannot keep them (PgBouncer in transaction mode before 1.21). */
    preparedStatements: z.boolean().default(true),
    /** A statement outside a transaction that has neither a connection nor its answer after this
     * long fails as `database_unavailable` (see queryDeadline.ts); 0: wait as long as it takes. */
    queryTimeoutMs: z.number().int().min(0).default(10_000),
  }),
  z.object({
    kind: z.literal('embedded'),
    /** The PGlite data folder. */
    dataDir: z.string().min(1),
    /** The built embedded-server script (dist/pglite-server.mjs). */
    serverScript: z.string().min(1),
    /** A server started by this process exits after this long with no client connected. */
    idleTimeoutMs: z.number().int().min(0).default(60_000),
    poolSize: poolSizeSchema.default(10),
  }),
  z.object({
    kind: z.literal('memory'),
    /** A `dumpDataDir` tarball to start from (tests use a migrated template). */
    loadDataDir: z.instanceof(Blob).optional(),
    poolSize: poolSizeSchema.default(10),
  }),
]);

export type DatabaseConfig = z.input<typeof databaseConfigSchema>;
