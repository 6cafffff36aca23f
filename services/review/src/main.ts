import { bootstrap } from '@linchpin/platform';
import { AppModule } from './app.module';
import { REVIEW_SERVICE } from './service';

void bootstrap(AppModule, REVIEW_SERVICE);
