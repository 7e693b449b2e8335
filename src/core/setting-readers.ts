/** A setting (flag, variable or option) that cannot be used; start-up stops with its message. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A setting's text, refused when empty (an empty variable is unset; an empty flag is a mistake). */
export function text(name: string, raw: string): string {
  if (raw.trim() === '') throw new ConfigError(`${name} must not be empty`);
  return raw;
}
