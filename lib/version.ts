import packageJson from '@/package.json';

/** Berth's version, from package.json. */
export const BERTH_VERSION: string = packageJson.version;
