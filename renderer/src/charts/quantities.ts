/**
 * One unit per quantity across the app: a chart in Trends and a chart in Backups that show the same
 * quantity show it in the same unit, scaled from the same source unit. Pure.
 */

export interface Quantity {
  /** The unit as the chart caption says it. */
  unit: string;
  /** Multiply a value in the history series' unit by this to get it in `unit`. */
  scale: number;
  /** A value in `unit`, for tooltips and tables. */
  format: (v: number) => string;
}

/** Backup age: history holds seconds; hours read well for an hourly backup (default maximum 1 h) and for a missed day alike. */
export const BACKUP_AGE: Quantity = {
  unit: 'hours',
  scale: 1 / 3600,
  format: (v) => `${v < 10 ? v.toFixed(2) : v.toFixed(1)} h`,
};

/** Minutes (how Settings stores the maximum backup age) in the backup-age unit. */
export const minutesToBackupAgeUnit = (minutes: number): number => minutes * 60 * BACKUP_AGE.scale;
