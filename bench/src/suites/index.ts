import { BenchSuite } from '../report';
import { replaySuite } from './replay';
import { kafkaClientsSuite } from './kafka-clients';
import { ingestionSuite } from './ingestion';
import { memorySuite } from './memory';
import { alertToPage } from './alert-to-page';

/** In the order they run; each suite lives in its own file next to this one. */
export const suites: BenchSuite[] = [alertToPage, ingestionSuite, memorySuite, replaySuite, kafkaClientsSuite];
