/** The evaluation engine: compiled rule sets, the live access index, and access changes in words. */
export * from './access.js';
export { AccessIndex, type AccessIndexOptions } from './access-index.js';
export { RuleEvaluator, type RuleProblem } from './evaluator.js';
export { describeChange, describeChangeItems, describeGrants, type NameOf } from './describe-change.js';
