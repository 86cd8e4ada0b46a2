import { Body, Controller, Post } from '@nestjs/common';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { classify } from '../domain/classifier';

class ClassifyTextDto {
  @IsString() @MinLength(1) @MaxLength(20000) content: string;
  @IsOptional() @IsString() @MaxLength(500) locationText?: string;
}

/** Classify a text without creating a case (for tools and handlers checking the model). */
@Controller('classify')
export class ClassifyController {
  @Post()
  classify(@Body() dto: ClassifyTextDto) {
    return classify({ content: dto.content.normalize('NFC'), locationText: dto.locationText });
  }
}
