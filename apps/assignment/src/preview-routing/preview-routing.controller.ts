import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { DomainError, endOfVietnamDay } from '@lib/domain';
import { dueDate, requirePolicy } from '../domain/deadline';
import { RouteAnswer, RouteRequestRouter } from '../domain/route-request';
import { DirectoryRepository } from '../directory/directory.repository';
import { DueDateQueryDto, PreviewRoutingDto } from './preview-routing.dto';

/**
 * Read-only answers from the live directory: where a described case would go (names as written, skip-level
 * included) and when a stage would be due. The route and sla CLIs answer the same from the seed files.
 */
@Controller()
export class PreviewRoutingController {
  private router: { directory: object; router: RouteRequestRouter } | undefined;

  constructor(private readonly directories: DirectoryRepository) {}

  @Post('routing/preview')
  @HttpCode(200)
  async preview(@Body() body: PreviewRoutingDto): Promise<RouteAnswer> {
    const { directory } = await this.directories.snapshot();
    // The name index is rebuilt only when the snapshot changes.
    if (this.router?.directory !== directory) {
      this.router = { directory, router: new RouteRequestRouter(directory) };
    }
    return this.router.router.route(body);
  }

  @Get('sla/due-date')
  async dueDate(@Query() q: DueDateQueryDto) {
    const { directory, calendar } = await this.directories.snapshot();
    const day = new Date(`${q.from}T00:00:00Z`);
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== q.from) {
      throw new DomainError('ASSIGNMENT.BAD_DATE', `not a calendar date: ${q.from}`);
    }
    const policy = requirePolicy(directory.policies, {
      kind: q.kind,
      stage: q.stage,
      on: q.from,
      instance: q.instance ?? 1,
      complexity: q.complexity ?? 'normal',
      area: q.remote ? 'remote' : 'normal',
    });
    const date = dueDate(calendar, policy, q.from);
    return {
      dueDate: date,
      dueAt: endOfVietnamDay(date).toISOString(),
      policyId: policy.id,
      amount: policy.amount,
      unit: policy.unit,
      legalBasis: policy.legalBasis,
      isStatutory: policy.isStatutory !== false,
    };
  }
}
