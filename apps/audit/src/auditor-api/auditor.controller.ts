import { once } from 'node:events';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { Response } from 'express';
import { InternalAuthGuard, RequireRoles } from '@lib/auth';
import { ComputeDigestsUseCase } from '../compute-digests/compute-digests.use-case';
import { ExportEventsUseCase } from '../export-events/export-events.use-case';
import { RebuildAsOfUseCase } from '../rebuild-as-of/rebuild-as-of.use-case';
import { ReplayProjectionUseCase } from '../replay-projection/replay-projection.use-case';
import { ShowTimelineUseCase } from '../show-timeline/show-timeline.use-case';
import { VerifyStoreUseCase } from '../verify-store/verify-store.use-case';
import {
  AsOfQuery,
  ComputeDigestsQuery,
  DigestsQuery,
  ExportQuery,
  ReplayBody,
  VerifyQuery,
} from './auditor-api.dto';

const CONTENT_TYPES = { jsonl: 'application/x-ndjson', csv: 'text/csv' } as const;

async function streamTo(res: Response, lines: AsyncIterable<string>): Promise<void> {
  try {
    for await (const chunk of lines) if (!res.write(chunk)) await once(res, 'drain');
    res.end();
  } catch (err) {
    res.destroy(err as Error); // headers are gone: cut the stream so the client sees it incomplete
  }
}

/** The auditor's commands over HTTP: the same use cases as `npm run audit -- …`, for a bearer token with role auditor. */
@Controller('api/audit')
@UseGuards(InternalAuthGuard)
@RequireRoles('auditor')
export class AuditorController {
  constructor(
    private readonly verifyStore: VerifyStoreUseCase,
    private readonly showTimeline: ShowTimelineUseCase,
    private readonly rebuildAsOf: RebuildAsOfUseCase,
    private readonly replayProjection: ReplayProjectionUseCase,
    private readonly exportEvents: ExportEventsUseCase,
    private readonly computeDigests: ComputeDigestsUseCase,
  ) {}

  /** Recompute the chains (whole store, one case or one day, with digests) and name the first broken link. */
  @Get('verify')
  verify(@Query() q: VerifyQuery) {
    return this.verifyStore.execute({ caseRef: q.case, day: q.day });
  }

  /** A case's history (by id or tracking code) with actors and reasons. */
  @Get('cases/:ref/timeline')
  timeline(@Param('ref') ref: string) {
    return this.showTimeline.execute(ref);
  }

  /** The case as it stood at `at`, rebuilt with casework's projection. */
  @Get('cases/:ref/as-of')
  asOf(@Param('ref') ref: string, @Query() q: AsOfQuery) {
    return this.rebuildAsOf.execute(ref, new Date(q.at));
  }

  /** Rebuild the projection into a fresh schema and diff it with the live one (synchronous: may take minutes). */
  @Post('replay')
  @HttpCode(200)
  replay(@Body() b: ReplayBody) {
    return this.replayProjection.execute({
      into: b.into,
      from: b.from ? new Date(b.from) : undefined,
      to: b.to ? new Date(b.to) : undefined,
      live: b.live,
      replace: b.replace,
      diff: b.diff,
      lanes: b.lanes,
    });
  }

  /** Stored events in [from, to) as JSON lines or CSV. */
  @Get('export')
  async export(@Query() q: ExportQuery, @Res() res: Response): Promise<void> {
    const format = q.format ?? 'jsonl';
    const lines = this.exportEvents.events({ from: new Date(q.from), to: new Date(q.to), format });
    res.status(200).type(CONTENT_TYPES[format]);
    await streamTo(res, lines);
  }

  /** Digest every closed day not digested yet. */
  @Post('digests')
  @HttpCode(200)
  async digest(@Query() q: ComputeDigestsQuery) {
    return { digests: await this.computeDigests.execute({ until: q.until }) };
  }

  /** The daily digests, to keep elsewhere. */
  @Get('digests')
  async digests(@Query() q: DigestsQuery, @Res() res: Response): Promise<void> {
    const format = q.format ?? 'jsonl';
    const lines = this.exportEvents.digests({ format, fromDay: q.from, toDay: q.to });
    res.status(200).type(CONTENT_TYPES[format]);
    await streamTo(res, lines);
  }
}
