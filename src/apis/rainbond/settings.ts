import { ConfigError, text } from '../../core/setting-readers';

/** The console releases whose own departures from the documentation the mock can answer with. */
const KNOWN_RELEASES = ['6.9.8'] as const;
export type RainbondRelease = (typeof KNOWN_RELEASES)[number];

/** Rainbond's own settings. */
export interface RainbondOptions {
  /** The token Rainbond's console accepts (`RAINBOND_MANAGE_TOKEN`). */
  rainbondManageToken: string;
  /**
   * Answer as this console release's code answers where it departs from the documentation
   * (`RAINBOND_RELEASE`, `--rainbond-release`); unset, the documented contract.
   */
  rainbondRelease?: string;
}

export const RAINBOND_DEFAULTS: RainbondOptions = { rainbondManageToken: 'rbd-manage-token' };

/** A release the mock knows, or start-up stops naming those it does. */
export function checkedRelease(value: string | undefined): RainbondRelease | undefined {
  if (value === undefined) return undefined;
  const known = KNOWN_RELEASES.find((r) => r === value.trim().replace(/^v/, '').replace(/-release$/, ''));
  if (!known) {
    throw new ConfigError(`Unknown Rainbond release "${value}" (RAINBOND_RELEASE, --rainbond-release): the mock knows ${KNOWN_RELEASES.join(', ')}; leave it unset for the documented contract`);
  }
  return known;
}

type Reader<K extends keyof RainbondOptions> = [K, (name: string, raw: string) => RainbondOptions[K]];

/** The variables that set it, read with the mock's own. */
export const RAINBOND_ENVIRONMENT: Record<string, Reader<keyof RainbondOptions>> = {
  RAINBOND_MANAGE_TOKEN: ['rainbondManageToken', text],
  RAINBOND_RELEASE: ['rainbondRelease', (name, raw) => checkedRelease(text(name, raw))],
};

/** Its command-line flags, each the variable of the same meaning. */
export const RAINBOND_FLAGS = {
  'rainbond-release': { env: 'RAINBOND_RELEASE', value: 'VERSION', help: `answer as that Rainbond console release's code does where it departs from its documentation (${KNOWN_RELEASES.join(', ')})` },
} as const;
