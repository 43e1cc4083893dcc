// Profiles are test plans. The CLI (scim-conformance run) passes formats, tags, world parameters and
// parallelism on top of the chosen plan; running cucumber-js directly works for a quick look too.
const common = {
  paths: ['features/**/*.feature'],
  import: ['support/cucumber/**/*.ts', 'steps/**/*.ts'],
  strict: true,
};

export default { ...common };
export const core = { ...common, tags: 'not @idp and not @console' };
export const idp = { ...common, paths: ['features/idp/**/*.feature', 'features/abac/**/*.feature'] };
export const consolePlan = { ...common, paths: ['features/console/**/*.feature'] };
