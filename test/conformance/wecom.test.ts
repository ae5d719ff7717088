/** The conformance suite (suite.ts) against the wecom driver modes; one file per platform family so the families run in parallel. */
import { conformanceSuite, driversOf } from './suite.js';

conformanceSuite(driversOf('wecom'));
