export * from './escalation-policy';
export * from './escalation-policy.decider';
export * from './resolve-level';
export * from './escalation';
export * from './escalation-state';
