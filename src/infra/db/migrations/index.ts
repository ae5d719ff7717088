/** Every migration in order, for the DataSource's `migrations` option (run on start). */
import { InitialSchema1767225600000 } from './1767225600000-initial-schema.js';

export const MIGRATIONS = [InitialSchema1767225600000];
