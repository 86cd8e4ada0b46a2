/** Default local stack: the machine's PostgreSQL (or the embedded one started in its place). */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/petitions';

/** Same server, another database name (tests use a database whose name contains "test"). */
export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}
