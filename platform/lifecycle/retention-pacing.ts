/**
 * After each batch (and each partition it checks or drops) the retention sweep
 * rests this many times as long as the work took, leaving the database's CPU
 * and I/O mostly to the gateway's inserts. Retention has a day to finish; the
 * gateway's writes cannot wait.
 */
export const RETENTION_REST_RATIO = 1;
