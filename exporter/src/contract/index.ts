export * from './snapshot.js';
export * from './history.js';
export * from './parse.js';
