import { analyticsReadModel } from './analytics.read-model';
import { ReadModel } from './read-model.port';

/** Every read model review keeps (the service follows them, `linchpin rebuild` rebuilds them). */
export const REVIEW_READ_MODELS: readonly ReadModel[] = [analyticsReadModel];
