import { fileURLToPath } from 'node:url';
/** The package's root folder (features/, catalog/, cucumber.mjs). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
