import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { DirectoryRepository } from './directory.repository';

/** Read access to the org directory (the admin write API comes with the org-directory issue). */
@Controller('directory')
export class DirectoryController {
  constructor(private readonly directories: DirectoryRepository) {}

  @Get('units')
  async units() {
    const { directory } = await this.directories.snapshot();
    return directory.allUnits();
  }

  @Get('units/:id')
  async unit(@Param('id') id: string) {
    const { directory } = await this.directories.snapshot();
    const unit = directory.unit(id);
    if (!unit)
      throw new NotFoundException({ error: 'ASSIGNMENT.NOT_FOUND', message: 'Không tìm thấy đơn vị' });
    return { ...unit, staff: directory.staffOf(id), parent: directory.parentOf(id) ?? null };
  }
}
