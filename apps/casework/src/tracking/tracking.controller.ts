import { Controller, Get, HttpException, NotFoundException, Param, Req } from '@nestjs/common';
import { Request } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/session.guard';

const WINDOW_MS = 60_000;
const MAX_PER_WINDOW = 30;

/** Public tracking by code: status, lead unit, the responsible person's title, due date; no personal data. */
@Controller('track')
export class TrackingController {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly dataSource: DataSource) {}

  @Public()
  @Get(':trackingCode')
  async track(@Param('trackingCode') code: string, @Req() req: Request) {
    const ip = req.ip ?? 'unknown';
    const now = Date.now();
    const recent = (this.hits.get(ip) ?? []).filter((t) => now - t < WINDOW_MS);
    recent.push(now);
    this.hits.set(ip, recent);
    if (recent.length > MAX_PER_WINDOW) {
      throw new HttpException({ statusCode: 429, error: 'RATE_LIMITED', message: 'Quá nhiều yêu cầu' }, 429);
    }
    const [row] = await this.dataSource.query(`SELECT state FROM cases WHERE tracking_code = $1`, [
      code.trim().toUpperCase(),
    ]);
    // Unknown codes and confidential cases (denunciations) get the very same answer.
    if (!row || row.state.kind === 'denunciation') {
      throw new NotFoundException({
        statusCode: 404,
        error: 'NOT_FOUND',
        message: 'Không tìm thấy mã hồ sơ',
      });
    }
    const s = row.state;
    return {
      trackingCode: s.trackingCode,
      status: s.status,
      leadUnitName: s.leadUnitName,
      responsibleTitle: s.leadUnitName ? `Người đứng đầu ${s.leadUnitName}` : null,
      dueAt: s.dueAt,
      lastUpdateAt: s.lastEventAt,
    };
  }
}
