/**
 * What every use case receives: the store, the clock, and the loaded org, policy and calendar.
 * Built once in `main.ts` (or a test) and passed down; use cases keep no other state.
 */
import type { WorkCalendar } from '../domain/calendar.js';
import type { MessageView } from '../domain/message.js';
import type { Org } from '../domain/org.js';
import type { Policy } from '../domain/policy.js';
import type { Sealer } from './feedback/sealer.js';
import type { Clock, ReportFiles, Spreadsheets, Store } from './ports.js';
import type { DashboardConfig } from './dashboard/web-auth.js';

export interface AppDeps {
  store: Store;
  clock: Clock;
  org: Org;
  policy: Policy;
  calendar: WorkCalendar;
  /** Where the monthly assessment writes its XLSX/CSV; without it no files are written. */
  reportFiles?: ReportFiles;
  /** Builds spreadsheet files (导出 <编号>); without it the export is refused with a reason. */
  spreadsheets?: Spreadsheets;
  /** Seals anonymous feedback senders (from SHOUDAO_SECRET); without it anonymous intake is refused. */
  sealer?: Sealer;
  /** The dashboard (看板) this process serves, for the `看板` command's login links; absent when none runs. */
  dashboard?: DashboardConfig;
}

/** What a use case answers the person who asked; refusals are replies too (with `refused`). */
export interface Reply extends MessageView {
  refused?: boolean;
  /**
   * The reply is to the sender of an anonymous feedback item about it: an adapter must deliver it
   * directly and never store or log it addressed to the person (e.g. no outbox fallback with
   * `{ kind: 'person' }`), or the person and the item would be linked (SPEC §2).
   */
  confidential?: boolean;
}
