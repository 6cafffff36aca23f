import 'reflect-metadata';
import { bootstrap } from '@linchpin/platform';
import { DetectionAppModule } from './app.module';
import { DETECTION_SERVICE } from './service';

void bootstrap(DetectionAppModule, DETECTION_SERVICE);
