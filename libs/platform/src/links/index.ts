export * from './signed-link';
export * from './link-settings';
export * from './link-errors';
export * from './signed-links';
export * from './acknowledge-link.pipe';
export * from './unsubscribe-link.pipe';
