// The embedded database server process: PGlite behind pglite-socket on 127.0.0.1.
// (Implemented in the embedded-database work.)
console.error('The embedded database server is not built yet.');
process.exit(1);
