/**
 * Every platform mode the conformance suite runs against. A new platform is done when its driver,
 * added here, passes the suite unchanged (ARCHITECTURE rule 13).
 */
import type { ConformanceDriver } from '../driver.js';
import { feishuDriver } from './feishu.js';
import { slackDriver } from './slack.js';
import { wecomDriver } from './wecom.js';

export const DRIVERS: ConformanceDriver[] = [slackDriver('http'), slackDriver('socket'), wecomDriver(), feishuDriver('ws'), feishuDriver('http')];
