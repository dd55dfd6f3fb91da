/**
 * After each batch (and each partition it checks or drops) the retention sweep
 * rests this many times as long as the work took, leaving the database's CPU
 * and I/O mostly to the gateway's inserts. Retention has a day to finish; the
 * gateway's writes cannot wait. Measured with bench:retention: a ratio of 1
 * kept 0.65 of the gateway's insert rate during a sweep, 4 keeps 0.92.
 */
export const RETENTION_REST_RATIO = 4;
