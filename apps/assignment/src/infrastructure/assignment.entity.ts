import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Who answers a case and by when; one row per case, updated on reassignment. */
@Entity({ name: 'assignments' })
export class AssignmentEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ name: 'tracking_code', type: 'text', nullable: true }) trackingCode: string | null;
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'text' }) domain: string;
  @Column({ type: 'text' }) level: string;
  @Column({ name: 'ward_code', type: 'text', nullable: true }) wardCode: string | null;
  @Column({ name: 'lead_unit_id', type: 'text' }) leadUnitId: string;
  @Column({ name: 'coordinating_unit_ids', type: 'text', array: true }) coordinatingUnitIds: string[];
  @Column({ name: 'handler_id', type: 'text' }) handlerId: string;
  @Column({ name: 'responsible_person_id', type: 'text' }) responsiblePersonId: string;
  @Column({ name: 'rule_id', type: 'text' }) ruleId: string;
  @Column({ type: 'text' }) reason: string;
  @Column({ type: 'text', array: true }) flags: string[];
  /** Flags as they came from upstream, before routing added its own: what a re-route starts from. */
  @Column({ name: 'input_flags', type: 'text', array: true }) inputFlags: string[];
  @Column({ name: 'submitted_to_level', type: 'text', nullable: true }) submittedToLevel: string | null;
  @Column({ name: 'area_unit_id', type: 'text', nullable: true }) areaUnitId: string | null;
  /** Complaint instance (1 or 2) and complexity: they pick the SLA policy row. */
  @Column({ type: 'int' }) instance: number;
  @Column({ type: 'text' }) complexity: string;
  @Column({ type: 'text' }) stage: string;
  @Column({ name: 'policy_id', type: 'text' }) policyId: string;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt: Date;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt: Date;
  @Column({ name: 'reassignment_count', type: 'int' }) reassignmentCount: number;
  @Column({ name: 'declined_unit_ids', type: 'text', array: true }) declinedUnitIds: string[];
  @Column({ name: 'is_open', type: 'boolean' }) isOpen: boolean;
  @Column({ name: 'assigned_at', type: 'timestamptz' }) assignedAt: Date;
}
