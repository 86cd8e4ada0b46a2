import 'reflect-metadata';
import { runService } from '@lib/platform';
import { escalationService } from './escalation.service';

runService(escalationService);
