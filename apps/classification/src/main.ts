import 'reflect-metadata';
import { runService } from '@lib/platform';
import { classificationService } from './classification.service';

runService(classificationService);
