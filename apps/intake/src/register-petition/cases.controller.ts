import {
  Body,
  Controller,
  Get,
  Header,
  Headers,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
} from '@nestjs/common';
import { Response } from 'express';
import { DataSource } from 'typeorm';
import { IntakeValidationError } from '../domain/intake.errors';
import { PetitionCaseEntity } from '../infrastructure/petition-case.entity';
import { buildReceipt, receiptHtml } from '../receipts/receipt';
import { RegisterPetitionDto } from './register-petition.dto';
import { RegisterPetitionUseCase } from './register-petition.use-case';

@Controller('cases')
export class CasesController {
  constructor(
    private readonly registerPetition: RegisterPetitionUseCase,
    private readonly dataSource: DataSource,
  ) {}

  /** Register one petition. Retries with the same Idempotency-Key get the first answer back. */
  @Post()
  @HttpCode(201)
  async register(
    @Body() dto: RegisterPetitionDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('x-actor-id') actorId: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (idempotencyKey !== undefined && !/^[\w.:-]{1,200}$/.test(idempotencyKey)) {
      throw new IntakeValidationError([
        { field: 'Idempotency-Key', reason: 'must be 1–200 letters, digits, . _ : -' },
      ]);
    }
    const result = await this.registerPetition.submit({
      petition: dto,
      idempotencyKey,
      actorId: actorId ?? 'intake-desk',
    });
    res.status(result.status);
    return result.body;
  }

  /** The printable receipt in Vietnamese. */
  @Get(':id/receipt')
  @Header('content-type', 'text/html; charset=utf-8')
  async receipt(@Param('id', new ParseUUIDPipe()) id: string) {
    const c = await this.dataSource.manager.findOne(PetitionCaseEntity, { where: { id } });
    if (!c) throw new NotFoundException({ error: 'INTAKE.NOT_FOUND', message: 'Không tìm thấy hồ sơ' });
    return receiptHtml(
      buildReceipt({
        trackingCode: c.trackingCode,
        channel: c.channel,
        receivedAt: c.receivedAt,
        caseId: c.id,
      }),
      c.isRepeat,
    );
  }

  /** What intake registered for a case (protected petitioner fields are not returned). */
  @Get(':id')
  async get(@Param('id', new ParseUUIDPipe()) id: string) {
    const c = await this.dataSource.manager.findOne(PetitionCaseEntity, { where: { id } });
    if (!c) throw new NotFoundException({ error: 'INTAKE.NOT_FOUND', message: 'Không tìm thấy hồ sơ' });
    return {
      caseId: c.id,
      trackingCode: c.trackingCode,
      channel: c.channel,
      receivedAt: c.receivedAt.toISOString(),
      registeredAt: c.registeredAt.toISOString(),
      petitionerType: c.petitionerType,
      isAnonymous: c.isAnonymous,
      wardCode: c.wardCode,
      repeatOfCaseId: c.repeatOfCaseId,
      isRepeat: c.isRepeat,
      conferenceId: c.conferenceId,
    };
  }
}
