/** Every migration in order, for the DataSource's `migrations` option (run on start). */
import { InitialSchema1767225600000 } from './1767225600000-initial-schema.js';
import { JobState1767398400000 } from './1767398400000-job-state.js';
import { OutboxDelivery1767484800000 } from './1767484800000-outbox-delivery.js';
import { CardClick1767571200000 } from './1767571200000-card-click.js';
import { Feedback1768348800000 } from './1768348800000-feedback.js';
import { PlatformMessage1768435200000 } from './1768435200000-platform-message.js';
import { Inbox1769000000000 } from './1769000000000-inbox.js';
import { Instance1769000000001 } from './1769000000001-instance.js';
import { Deputy1769100000000 } from './1769100000000-deputy.js';
import { NoticeProgress1769200000000 } from './1769200000000-notice-progress.js';
import { Task1769300000000 } from './1769300000000-task.js';
import { WorkReport1769310000000 } from './1769310000000-work-report.js';
import { Dashboard1769400000000 } from './1769400000000-dashboard.js';
import { ReadReceipt1769600000000 } from './1769600000000-read-receipt.js';
import { ReadWatchHandle1769610000000 } from './1769610000000-read-watch-handle.js';
import { OutboxReadyOrder1769700000000 } from './1769700000000-outbox-ready-order.js';
import { DutyNextStep1769800000000 } from './1769800000000-duty-next-step.js';

export const MIGRATIONS = [InitialSchema1767225600000, JobState1767398400000, OutboxDelivery1767484800000, CardClick1767571200000, Feedback1768348800000, PlatformMessage1768435200000, Inbox1769000000000, Instance1769000000001, Deputy1769100000000, NoticeProgress1769200000000, Task1769300000000, WorkReport1769310000000, Dashboard1769400000000, ReadReceipt1769600000000, ReadWatchHandle1769610000000, OutboxReadyOrder1769700000000, DutyNextStep1769800000000];
