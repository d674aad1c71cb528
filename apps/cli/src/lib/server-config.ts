import { type Config, ConfigError, type ConfigOverrides, loadConfig } from '@jaga/server';
import { CliError } from './errors.js';

/** Options shared by every command that opens Jaga's database. */
export interface DataOptions {
  data?: string;
}

/**
 * Builds the server configuration from the environment and the command's flags, turning every
 * problem into one clear line.
 */
export function configFrom(overrides: ConfigOverrides): Config {
  try {
    return loadConfig(process.env, overrides);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.problems.join('; '), 2);
    throw error;
  }
}
