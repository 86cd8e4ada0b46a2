import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One rule of the escalation ladder, loaded from a versioned seed file and effective from a date. */
@Entity({ name: 'escalation_ladders' })
export class LadderRuleEntity {
  @PrimaryColumn({ type: 'text' }) key: string;
  @Column({ type: 'text' }) id: string;
  @Column({ type: 'text' }) version: string;
  @Column({ name: 'effective_from', type: 'timestamptz' }) effectiveFrom: Date;
  @Column({ type: 'text', nullable: true }) stage: string | null;
  @Column({ name: 'policy_id', type: 'text', nullable: true }) policyId: string | null;
  @Column({ name: 'warning_working_days', type: 'int' }) warningWorkingDays: number;
  @Column({ name: 'escalate_after_working_days', type: 'int' }) escalateAfterWorkingDays: number;
  @Column({ name: 'next_rung_after_working_days', type: 'int' }) nextRungAfterWorkingDays: number;
  @Column({ name: 'max_level', type: 'int', nullable: true }) maxLevel: number | null;
  @Column({ name: 'is_pausable', type: 'boolean' }) isPausable: boolean;
  @Column({ name: 'on_reassignment', type: 'text' }) onReassignment: 'keep' | 'restart';
  @Column({ name: 'max_extensions', type: 'int' }) maxExtensions: number;
  @Column({ name: 'max_extension_days', type: 'int' }) maxExtensionDays: number;
  @Column({ name: 'legal_basis', type: 'text' }) legalBasis: string;
}
