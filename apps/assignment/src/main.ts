import 'reflect-metadata';
import { runService } from '@lib/platform';
import { assignmentService } from './assignment.service';

runService(assignmentService);
