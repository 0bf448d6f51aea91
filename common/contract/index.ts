export * from './snapshot.js';
export * from './snapshot-usage.js';
export * from './snapshot-alerts.js';
export * from './history.js';
export * from './parse.js';
export * from './unit-scope.js';
