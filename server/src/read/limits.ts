/** Hard limits that keep every reader bounded in time and memory. */
export const READ_LIMITS = {
  /** Files above this size are reported, not parsed (CloudFormation's own limit is 1 MB). */
  maxFileBytes: 10 * 1024 * 1024,
  maxDepth: 200,
  maxAliases: 1000,
};
