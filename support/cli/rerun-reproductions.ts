// `run --rerun-failed`: a reproduction has no catalogue id to select it by, and a tag expression cannot name one
// scenario, so the run's tag expression lets every @reproduction through and this cucumber plugin (its documented
// 'pickles:filter' transform, which runs after cucumber's own filter) keeps only those the earlier report named as
// failed, by `uri:line` as the report wrote them. Rows and everything else pass through untouched.
import type { IFilterablePickle } from '@cucumber/cucumber/api';

/** The specifier cucumber imports this plugin by (`plugin` in the run's configuration), in sources and in lib/ alike. */
export const RERUN_PLUGIN = import.meta.url;

/** The plugin's options (`pluginOptions`): the reproductions to run again, as the report's `location`s. */
export interface RerunOptions { rerunReproductions: string[] }

/** A reproduction as the report counts one: tagged @reproduction, with no catalogue id. */
function isReproduction(p: IFilterablePickle): boolean {
  const tags = p.pickle.tags.map((t) => t.name);
  return tags.includes('@reproduction') && !tags.some((t) => t.startsWith('@req:'));
}

const plugin = {
  type: 'plugin' as const,
  coordinator: ({ transform, options }: { transform: (key: 'pickles:filter', f: (pickles: readonly IFilterablePickle[]) => IFilterablePickle[]) => void; options: RerunOptions }) => {
    const again = new Set(options.rerunReproductions ?? []);
    transform('pickles:filter', (pickles) => pickles.filter((p) => !isReproduction(p) || again.has(`${p.pickle.uri}:${p.location.line}`)));
  },
};
export default plugin;
