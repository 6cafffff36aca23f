import { bootstrap } from '@linchpin/platform';
import { AppModule } from './app.module';
import { COORDINATION_SERVICE } from './service';

void bootstrap(AppModule, COORDINATION_SERVICE);
