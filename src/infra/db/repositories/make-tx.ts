import type { EntityManager } from 'typeorm';
import type { Tx } from '../../../app/ports.js';
import { TypeormAuditRepo } from './audit-repo.js';
import { TypeormCardClickRepo } from './card-click-repo.js';
import { TypeormDeputyRepo } from './deputy-repo.js';
import { TypeormDialogueRepo } from './dialogue-repo.js';
import { TypeormDutyRepo } from './duty-repo.js';
import { TypeormFeedbackEventRepo } from './feedback-event-repo.js';
import { TypeormFeedbackRepo } from './feedback-repo.js';
import { TypeormFormEventRepo } from './form-event-repo.js';
import { TypeormFormRepo } from './form-repo.js';
import { TypeormInboxRepo } from './inbox-repo.js';
import { TypeormInstanceRepo } from './instance-repo.js';
import { TypeormRateBucketRepo } from './rate-bucket-repo.js';
import { TypeormReadReceiptRepo, TypeormReadWatchRepo } from './read-receipt-repo.js';
import { TypeormJobStateRepo } from './job-state-repo.js';
import { TypeormNoticeRepo } from './notice-repo.js';
import { TypeormOutboxRepo } from './outbox-repo.js';
import { TypeormPlatformMessageRepo } from './platform-message-repo.js';
import { TypeormPlatformThreadRepo } from './platform-thread-repo.js';
import type { Dialect } from './row-mapping.js';
import { TypeormTaskRepo } from './task-repo.js';
import { TypeormViolationRepo } from './violation-repo.js';
import { TypeormWorkReportRepo } from './work-report-repo.js';
import { TypeormDashboardReads } from './dashboard-reads.js';
import { TypeormWebAuthRepo } from './web-auth-repo.js';

/**
 * The repositories of one transaction: every one of them uses `em`, the EntityManager bound to
 * that transaction's connection, so all their reads and writes commit or roll back together.
 * Using a repository after its transaction ended is a bug (the connection went back to the pool).
 */
export function makeTx(em: EntityManager, dialect: Dialect): Tx {
  const ctx = { em, dialect };
  const feedback = new TypeormFeedbackRepo(ctx);
  return {
    forms: new TypeormFormRepo(ctx),
    formEvents: new TypeormFormEventRepo(ctx),
    duties: new TypeormDutyRepo(ctx),
    violations: new TypeormViolationRepo(ctx),
    notices: new TypeormNoticeRepo(ctx),
    audit: new TypeormAuditRepo(ctx),
    outbox: new TypeormOutboxRepo(ctx),
    dialogues: new TypeormDialogueRepo(ctx),
    jobs: new TypeormJobStateRepo(ctx),
    platformThreads: new TypeormPlatformThreadRepo(ctx),
    cardClicks: new TypeormCardClickRepo(ctx),
    platformMessages: new TypeormPlatformMessageRepo(ctx),
    feedback,
    feedbackEvents: new TypeormFeedbackEventRepo(ctx),
    inbox: new TypeormInboxRepo(ctx),
    rateBuckets: new TypeormRateBucketRepo(ctx),
    instances: new TypeormInstanceRepo(ctx),
    tasks: new TypeormTaskRepo(ctx),
    workReports: new TypeormWorkReportRepo(ctx),
    web: new TypeormWebAuthRepo(ctx),
    dashboard: new TypeormDashboardReads(ctx),
    readReceipts: new TypeormReadReceiptRepo(ctx),
    readWatches: new TypeormReadWatchRepo(ctx),
    deputies: new TypeormDeputyRepo(ctx),
    savepoint: savepointOn(em, () => feedback.rolledBack()),
  };
}

/**
 * `Tx.savepoint` as plain statements on the transaction's connection: `SAVEPOINT` and `RELEASE`,
 * or on a throw `ROLLBACK TO` and `RELEASE`. TypeORM's `em.transaction` inside a transaction runs
 * a savepoint too (typeorm_<depth>), but its transaction machinery around it — subscriber
 * broadcasts, depth bookkeeping, promise chains — costs more than the statements, and an inbound
 * event takes 3-4 savepoints (the inbox worker's, then one per `store.transaction` of
 * its use case through joinedStore). Savepoints of one transaction are strictly nested (its work
 * runs one statement at a time), so a depth names them; the names (sd_<depth>) never meet
 * TypeORM's. `ROLLBACK TO` keeps the savepoint on both dialects, so it is released after it too.
 * `rolledBack` runs as a savepoint is rolled back: what a repository kept of this transaction's
 * own writes (the feedback repository's similar-item candidates) is dropped with them.
 */
function savepointOn(em: EntityManager, rolledBack: () => void): Tx['savepoint'] {
  let depth = 0;
  return async (work) => {
    const runner = em.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('a savepoint needs an open transaction');
    const name = `sd_${++depth}`;
    try {
      await runner.query(`SAVEPOINT ${name}`);
      let result;
      try {
        result = await work();
      } catch (err) {
        rolledBack();
        await runner.query(`ROLLBACK TO SAVEPOINT ${name}`);
        await runner.query(`RELEASE SAVEPOINT ${name}`);
        throw err;
      }
      await runner.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } finally {
      depth -= 1;
    }
  };
}
