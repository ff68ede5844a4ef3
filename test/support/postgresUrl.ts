// The real PostgreSQL the tests use: DATABASE_URL, else the project machines' server on 127.0.0.1:5432.
export function adminPostgresUrl(): string {
  return (
    process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  );
}

/** The same server, another database. */
export function postgresUrlFor(database: string): string {
  const url = new URL(adminPostgresUrl());
  url.pathname = `/${database}`;
  return url.toString();
}
