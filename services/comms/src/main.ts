import { bootstrap } from '@linchpin/platform';
import { AppModule } from './app.module';
import { COMMS_SERVICE } from './service';

void bootstrap(AppModule, COMMS_SERVICE);
