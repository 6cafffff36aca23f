import { BenchSuite } from '../report';

/** In the order they run; each suite lives in its own file next to this one. */
export const suites: BenchSuite[] = [];
