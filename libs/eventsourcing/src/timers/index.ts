export * from './timer-events';
export * from './pending-timers';
export * from './due-timers';
export * from './timer-driver';
