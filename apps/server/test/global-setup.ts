/** Says once which database the server suite runs on, and how to run the other one. */
export default function setup(): void {
  if (process.env.DATABASE_URL) {
    console.log('[jaga] server suite on PostgreSQL (a throwaway database per test file)');
  } else {
    console.log(
      '[jaga] server suite on embedded PGlite; PostgreSQL pass skipped (set DATABASE_URL=postgres://… to run it)',
    );
  }
}
