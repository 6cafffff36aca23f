import 'reflect-metadata';
import { bootstrap } from '@linchpin/platform';
import { TriageAppModule } from './app.module';
import { TRIAGE_SERVICE } from './service';

void bootstrap(TriageAppModule, TRIAGE_SERVICE);
