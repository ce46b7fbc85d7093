// What every entry point reads first (SPEC 10, "Configuration is checked at start"): an invalid
// variable stops it with one line naming the variable and its rule, and exit code 1, before a build,
// a migration or a connection. Import the rest of the app after it: most of it reads the
// configuration as it loads, and would fail there with a stack trace instead.
import type { Config } from '../lib/config';

export async function checkedConfig(): Promise<Config> {
  try {
    return (await import('../lib/config')).config;
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ConfigurationError')) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
