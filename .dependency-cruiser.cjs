/**
 * Import direction (../shared/DESIGN.md, "Layers"): the pure core (kernel <- policy <- evaluation <- analysis)
 * imports nothing from Node or from the outer layers; domain folders never import protocol, server or cli.
 */
const core = '^src/(kernel|policy|evaluation|analysis)/';
module.exports = {
  forbidden: [
    {
      name: 'core-no-node',
      comment: 'The pure core runs in browsers too: no node:* and no Node built-ins (its tests run under Node).',
      severity: 'error',
      from: { path: core, pathNot: '(\\.test\\.ts|/test-support/.*)$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-no-packages',
      comment: 'The pure core may use only the listed pure packages.',
      severity: 'error',
      from: { path: core, pathNot: '(\\.test\\.ts|/test-support/.*)$' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], pathNot: 'node_modules/(ipaddr\\.js)/' },
    },
    {
      name: 'kernel-is-the-bottom',
      severity: 'error',
      from: { path: '^src/kernel/' },
      to: { path: '^src/(?!kernel/)' },
    },
    {
      name: 'policy-below-evaluation',
      severity: 'error',
      from: { path: '^src/policy/' },
      to: { path: '^src/(?!kernel/|policy/)' },
    },
    {
      name: 'evaluation-below-analysis',
      severity: 'error',
      from: { path: '^src/evaluation/' },
      to: { path: '^src/(?!kernel/|policy/|evaluation/)' },
    },
    {
      name: 'analysis-is-pure',
      severity: 'error',
      from: { path: '^src/analysis/' },
      to: { path: '^src/(?!kernel/|policy/|evaluation/|analysis/)' },
    },
    {
      name: 'domain-not-outer',
      comment: 'Domain code does not know about the wire, the server or the CLI (its end-to-end tests drive a server).',
      severity: 'error',
      from: { path: '^src/(iam|sts|organizations|audit|authn|secrets)/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/(protocol|server|cli|store/(sqlite|postgres))/' },
    },
    {
      name: 'store-not-outer',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/(protocol|server|cli|iam|sts|organizations|authn)/' },
    },
    {
      name: 'protocol-not-outer',
      severity: 'error',
      from: { path: '^src/protocol/' },
      to: { path: '^src/(server|cli|store)/' },
    },
    {
      name: 'server-not-cli',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/cli/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'not-to-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
