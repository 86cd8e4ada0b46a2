import 'reflect-metadata';
import { runService } from '@lib/platform';
import { intakeService } from './intake.service';

runService(intakeService);
