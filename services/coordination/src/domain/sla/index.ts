export * from './sla-targets';
export * from './sla-policy.decider';
export * from './incident-sla.decider';
