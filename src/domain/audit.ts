/** One append-only audit row: who did what to which record, with its state before and after. */
export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  entity: 'form' | 'duty' | 'violation' | 'notice' | 'outbox' | 'deputy' | 'system' | 'feedback' | 'task' | 'work_report';
  entityId: string;
  before?: unknown;
  after?: unknown;
}
