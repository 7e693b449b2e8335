import { RAINBOND_DEFAULTS, RAINBOND_ENVIRONMENT, RAINBOND_FLAGS, type RainbondOptions } from './rainbond/settings';

/**
 * The settings the vendor packs add to the mock's own (options, defaults and the variables
 * that set them), beside the list of packs: config.ts takes them from here and names no vendor.
 */
export type PackOptions = RainbondOptions;

export const PACK_DEFAULTS: PackOptions = { ...RAINBOND_DEFAULTS };

export const PACK_ENVIRONMENT = { ...RAINBOND_ENVIRONMENT };

/** The packs' command-line flags, listed with the mock's own. */
export const PACK_FLAGS = { ...RAINBOND_FLAGS };
