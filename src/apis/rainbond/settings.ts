import { text } from '../../core/setting-readers';

/** Rainbond's own setting: the one token its console accepts for every call. */
export interface RainbondOptions {
  /** The token Rainbond's console accepts (`RAINBOND_MANAGE_TOKEN`). */
  rainbondManageToken: string;
}

export const RAINBOND_DEFAULTS: RainbondOptions = { rainbondManageToken: 'rbd-manage-token' };

type Reader<K extends keyof RainbondOptions> = [K, (name: string, raw: string) => RainbondOptions[K]];

/** The variables that set it, read with the mock's own. */
export const RAINBOND_ENVIRONMENT: Record<string, Reader<keyof RainbondOptions>> = { RAINBOND_MANAGE_TOKEN: ['rainbondManageToken', text] };
