import { BenchSuite } from '../report';
import { alertToPage } from './alert-to-page';
import { ingestionSuite } from './ingestion';
import { memorySuite } from './memory';
import { replaySuite } from './replay';
import { kafkaClientsSuite } from './kafka-clients';

/** In the order they run; each suite lives in its own file next to this one. */
export const suites: BenchSuite[] = [replaySuite, kafkaClientsSuite, ingestionSuite, memorySuite, alertToPage];
