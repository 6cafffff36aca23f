export * from './address-policy';
export * from './outbound-url';
export * from './outbound-resolver';
export * from './outbound-guard';
export * from './outbound-url.validation';
