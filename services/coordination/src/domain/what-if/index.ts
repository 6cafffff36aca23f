export * from './business-hours';
export * from './recorded-incident';
export * from './replay';
