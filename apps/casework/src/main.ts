import 'reflect-metadata';
import { runService } from '@lib/platform';
import { caseworkService } from './casework.service';

runService(caseworkService);
