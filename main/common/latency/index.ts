// The latency measurement's pure side: parsing cyclictest, the numbers, the verdict, the comparison.
export * from './types.js';
export * from './parse.js';
export * from './json.js';
export * from './stats.js';
export * from './verdict.js';
export * from './result.js';
export * from './install.js';
export * from './compare.js';
export * from './chart.js';
export * from './text.js';
