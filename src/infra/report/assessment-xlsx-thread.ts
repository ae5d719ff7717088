/**
 * A short-lived thread that writes one assessment workbook and ends (`writeAssessmentXlsx` with
 * `thread`): exceljs is loaded here and freed with the thread. It is given the sheets ready to store
 * and imports nothing but xlsx-tables.ts; it answers `{ ok: true }` once the file is written, and an
 * error ends it with the error (`runThread` rejects).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { tablesWorkbook, type XlsxJob } from './xlsx-tables.js';

const job = workerData as XlsxJob;
await (await tablesWorkbook(job.sheets, job.meta)).xlsx.writeFile(job.path);
parentPort?.postMessage({ ok: true });
