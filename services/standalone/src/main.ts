import 'reflect-metadata';
import { bootstrap } from '@linchpin/platform';
import { StandaloneAppModule } from './app.module';
import { STANDALONE_SERVICE } from './service';

void bootstrap(StandaloneAppModule, STANDALONE_SERVICE);
