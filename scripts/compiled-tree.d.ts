// Types for scripts/compiled-tree.js, which bin/scim-conformance.js runs before any TypeScript loads.
/** Where the trees are kept, under a checkout's root. */
export function cacheDir(root?: string): string;
/** The folder of the compiled tree for the sources as they are now (made if needed), or undefined when it cannot be made here. */
export function compiledTree(root?: string): Promise<string | undefined>;
