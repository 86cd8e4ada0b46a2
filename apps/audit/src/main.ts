import 'reflect-metadata';
import { runService } from '@lib/platform';
import { auditService } from './audit.service';

runService(auditService);
